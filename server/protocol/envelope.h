#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace protocol {

struct Message;

// One client -> server message: {"type":"...","id":"...","data":{...}}.
struct Request {
    QString type;
    QString id;
    QJsonObject data;

    QJsonObject toJson() const;
    // Refuses anything that is not a JSON object with a string type, an optional string id
    // (at most 64 characters) and an optional object data. On failure *error says why and
    // *id holds the request id when it could still be read, so the answer can carry it.
    static std::optional<Request> fromJson(const QByteArray &frame, QString *error, QString *id = nullptr);
};

// code: what kind (bad_request, forbidden, ...); message: the English detail for scripts and
// logs; key and params: the same detail as a catalogue message for a person (may be empty).
struct ErrorInfo {
    ErrorInfo() = default;
    ErrorInfo(QString c, QString m, QString k = {}, QJsonObject p = {})
        : code(std::move(c)), message(std::move(m)), key(std::move(k)), params(std::move(p)) {}
    QString code;
    QString message;
    QString key;
    QJsonObject params;
};

// A `result` answer.
struct Result {
    QString id;
    bool ok = true;
    QJsonObject data;
    ErrorInfo error;

    static Result success(const QString &id, const QJsonObject &data = {});
    static Result failure(const QString &id, QLatin1StringView code, const QString &message);
    // The detail as a catalogue message; its English is the message.
    static Result failure(const QString &id, QLatin1StringView code, const Message &message);
    QJsonObject toJson() const;
    QByteArray toFrame() const;
    static std::optional<Result> fromJson(const QJsonObject &json, QString *error);
};

// A server push: {"type":..., "seq":N, "timestamp":..., "data":{...}}; seq < 0 leaves it out.
QByteArray pushFrame(QLatin1StringView type, qint64 seq, qint64 timestampMs, const QJsonObject &data);

} // namespace protocol
