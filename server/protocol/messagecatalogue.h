#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// Everything the daemon says to a person travels as a message key plus parameters, with the
// English rendering beside it for scripts. This is the list of those keys: what each one
// means in English (the parameters in braces) and, for alerts, the title that goes with it.
// `formauto-opsd messages` prints it; the console's tests check that every key has a
// rendering in each of its languages.
namespace protocol {

struct MessageKey {
    QString key;
    QString english;        // "{check} is failing: {reason}"
    QString englishTitle;   // alerts only
    QStringList params;     // the parameters it takes
    QJsonObject example;    // a value for each, for tests and documentation
};

const QList<MessageKey> &messageCatalogue();
const MessageKey *findMessageKey(const QString &key);
// The English text of a key: {name} replaced by the parameter (a parameter that is itself a
// key, e.g. a health check's reason, by that key's English); the key itself if unknown.
QString englishMessage(const QString &key, const QJsonObject &params);
QJsonArray messageCatalogueJson();

// One thing said to a person: a catalogue key and its parameters. Sent as "<name>_key" and
// "<name>_params" (or "key"/"params" in an error) beside the English, which scripts read.
struct Message {
    QString key;
    QJsonObject params;
    bool isEmpty() const { return key.isEmpty(); }
    QString english() const { return englishMessage(key, params); }
};

} // namespace protocol
