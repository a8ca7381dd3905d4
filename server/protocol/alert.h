#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace protocol {

// An alert as the ticket's AlertService sends it (level, title, message, details, timestamp),
// with its lifecycle: firing -> acknowledged -> resolved. `seq` grows on every change, so a
// client that reconnects asks alerts.since for what it missed.
struct Alert {
    QString id;
    qint64 seq = 0;
    QString fingerprint;
    QString host; // the host it is about (fleet); empty in stores from before the fleet
    QString rule;
    QString level; // info | warning | error | critical
    QString title;
    QString message;
    QJsonObject details;
    QString state; // firing | acknowledged | resolved
    qint64 firedAtMs = 0;
    QString acknowledgedBy;
    qint64 acknowledgedAtMs = -1;
    QString ackComment;
    qint64 resolvedAtMs = -1;
    qint64 updatedAtMs = 0;
    QJsonArray timeline; // [{ts, kind, detail}], filled by alert.get

    QJsonObject toJson() const;
    static std::optional<Alert> fromJson(const QJsonObject &json, QString *error);
    static bool validLevel(const QString &level);
};

} // namespace protocol
