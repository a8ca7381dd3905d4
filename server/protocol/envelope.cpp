#include "server/protocol/envelope.h"

#include "server/protocol/messagecatalogue.h"
#include "server/protocol/protocol.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace protocol {

namespace {
constexpr qsizetype MaxIdLength = 64;
constexpr qsizetype MaxTypeLength = 64;
} // namespace

QJsonObject Request::toJson() const
{
    QJsonObject json{{Key::Type, type}};
    if (!id.isEmpty())
        json.insert(Key::Id, id);
    if (!data.isEmpty())
        json.insert(Key::Data, data);
    return json;
}

std::optional<Request> Request::fromJson(const QByteArray &frame, QString *error, QString *id)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(frame, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("invalid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("message must be a JSON object");
        return std::nullopt;
    }
    const QJsonObject json = doc.object();
    Request request;
    const QJsonValue idValue = json.value(Key::Id);
    if (!idValue.isUndefined()) {
        if (!idValue.isString() || idValue.toString().size() > MaxIdLength) {
            *error = QStringLiteral("\"id\" must be a string of at most %1 characters").arg(MaxIdLength);
            return std::nullopt;
        }
        request.id = idValue.toString();
        if (id)
            *id = request.id;
    }
    const QJsonValue typeValue = json.value(Key::Type);
    if (!typeValue.isString() || typeValue.toString().isEmpty() || typeValue.toString().size() > MaxTypeLength) {
        *error = QStringLiteral("\"type\" must be a non-empty string");
        return std::nullopt;
    }
    request.type = typeValue.toString();
    const QJsonValue dataValue = json.value(Key::Data);
    if (!dataValue.isUndefined() && !dataValue.isNull()) {
        if (!dataValue.isObject()) {
            *error = QStringLiteral("\"data\" must be an object");
            return std::nullopt;
        }
        request.data = dataValue.toObject();
    }
    return request;
}

Result Result::success(const QString &id, const QJsonObject &data)
{
    Result r;
    r.id = id;
    r.data = data;
    return r;
}

Result Result::failure(const QString &id, QLatin1StringView code, const QString &message)
{
    Result r;
    r.id = id;
    r.ok = false;
    r.error = {QString(code), message};
    return r;
}

Result Result::failure(const QString &id, QLatin1StringView code, const Message &message)
{
    Result r = failure(id, code, message.english());
    r.error.key = message.key;
    r.error.params = message.params;
    return r;
}

QJsonObject Result::toJson() const
{
    QJsonObject json{{Key::Type, Type::Result}, {Key::Ok, ok}};
    if (!id.isEmpty())
        json.insert(Key::Id, id);
    if (ok)
        json.insert(Key::Data, data);
    else
    {
        QJsonObject e{{Key::Code, error.code}, {Key::Message, error.message}};
        if (!error.key.isEmpty())
        {
            e.insert(u"key"_qs, error.key);
            e.insert(u"params"_qs, error.params);
        }
        json.insert(Key::Error, e);
    }
    return json;
}

QByteArray Result::toFrame() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

std::optional<Result> Result::fromJson(const QJsonObject &json, QString *error)
{
    if (json.value(Key::Type).toString() != Type::Result) {
        *error = QStringLiteral("not a result message");
        return std::nullopt;
    }
    const QJsonValue okValue = json.value(Key::Ok);
    if (!okValue.isBool()) {
        *error = QStringLiteral("\"ok\" must be a boolean");
        return std::nullopt;
    }
    Result r;
    r.id = json.value(Key::Id).toString();
    r.ok = okValue.toBool();
    if (r.ok) {
        r.data = json.value(Key::Data).toObject();
    } else {
        const QJsonObject err = json.value(Key::Error).toObject();
        r.error.code = err.value(Key::Code).toString();
        r.error.message = err.value(Key::Message).toString();
        r.error.key = err.value(u"key"_qs).toString().left(100);
        r.error.params = err.value(u"params"_qs).toObject();
        if (r.error.code.isEmpty()) {
            *error = QStringLiteral("a failed result needs error.code");
            return std::nullopt;
        }
    }
    return r;
}

QByteArray pushFrame(QLatin1StringView type, qint64 seq, qint64 timestampMs, const QJsonObject &data)
{
    QJsonObject json{{Key::Type, type}, {Key::Timestamp, isoTimestamp(timestampMs)}, {Key::Data, data}};
    if (seq >= 0)
        json.insert(Key::Seq, seq);
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

} // namespace protocol
