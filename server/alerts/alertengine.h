#pragma once

#include "server/alerts/alertrule.h"
#include "server/core/clock.h"
#include "server/protocol/alert.h"
#include "server/protocol/metrics.h"
#include "server/storage/opsstore.h"

#include <QHash>
#include <QObject>

// Turns samples into alerts: a rule must hold for its duration before an alert fires, an open
// alert is one alert however long the condition lasts (deduplicated by fingerprint), and it
// resolves only after the condition has been false for the rule's hold period. People
// acknowledge and resolve; everything is persisted with a timeline per alert.
class AlertEngine final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertEngine)
public:
    AlertEngine(OpsStore *store, const Clock *clock, QList<AlertRule> rules, QObject *parent = nullptr);

    // Loads the open alerts, so a restart neither forgets nor duplicates them.
    bool open(QString *error);
    void evaluate(const protocol::MetricsSample &sample);

    struct Outcome {
        QString errorCode; // empty: done
        QString message;
        protocol::Alert alert;
    };
    Outcome acknowledge(const QString &id, const QString &user, const QString &comment);
    Outcome resolve(const QString &id, const QString &user, const QString &comment);

    // Escalation raised the level (warning -> error -> critical); recorded in the timeline.
    std::optional<protocol::Alert> raiseLevel(const QString &id, int step);

    QList<protocol::Alert> list(bool activeOnly, int limit, QString *error) const;
    std::optional<protocol::Alert> get(const QString &id, QString *error) const; // with timeline
    QList<protocol::Alert> since(qint64 seq, int limit, QString *error) const;
    const QList<AlertRule> &rules() const { return m_rules; }
    // Replaces the rules (the API for editing them comes with the alerts capability); open
    // alerts of rules that remain keep their state.
    void setRules(QList<AlertRule> rules) { m_rules = std::move(rules); }

Q_SIGNALS:
    void changed(const protocol::Alert &alert);

private:
    struct RuleState {
        qint64 breachedSinceMs = -1;
        qint64 clearSinceMs = -1;
        QString openAlertId;
    };
    void fire(const AlertRule &rule, double value, RuleState &state);
    bool save(protocol::Alert &alert, const QString &eventKind, const QJsonObject &eventDetail, QString *error);
    std::optional<protocol::Alert> load(const QString &id, QString *error) const;
    QList<protocol::Alert> select(const QString &where, const QVariantList &values, QString *error) const;

    OpsStore *m_store;
    const Clock *m_clock;
    QList<AlertRule> m_rules;
    QHash<QString, RuleState> m_state; // by rule name (the fingerprint of a threshold rule)
    qint64 m_seq = 0;
};
