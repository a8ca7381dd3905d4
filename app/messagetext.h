#pragma once

#include "server/protocol/alert.h"

#include <QJsonObject>
#include <QString>

// The daemon's message keys (server/protocol/messagecatalogue.h) in the operator's language.
// Nothing here returns a raw key: an unknown key (a newer daemon) gives an empty string and
// the caller shows the daemon's English beside it.
namespace messages {

QString text(const QString &key, const QJsonObject &params);
// The error.*, query.*, job.*, backup.*, restore.* and bundle.* keys (text() includes them).
QString detailText(const QString &key, const QJsonObject &params);
// What an object of the daemon's says as `name` ("message", "detail"): from name_key and its
// parameters ("params" beside message_key, name_params otherwise), else the English as sent.
QString carried(const QJsonObject &object, const QString &name);
QString healthReason(const QString &key);
// A metric's name as people say it ("CPU usage"); the series name itself if unknown.
QString seriesName(const QString &series);
QString jobName(const QString &job);
// A backup's part: "service database", "ops store", "files uploads".
QString componentName(const QString &component);
// An alert's title and message: from its key, or the rule's own title (the operator's words).
QString alertTitle(const protocol::Alert &alert);
QString alertMessage(const protocol::Alert &alert);
// One timeline entry as a sentence: "notified through email (attempt 1)".
QString eventText(const QString &kind, const QJsonObject &detail);

// Joins words of a sentence the way the operator's language lists them (", " / "、").
QString list(const QStringList &items);

} // namespace messages
