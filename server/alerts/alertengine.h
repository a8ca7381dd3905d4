#pragma once

#include "server/alerts/alertrule.h"
#include "server/alerts/silence.h"
#include "server/core/clock.h"
#include "server/protocol/alert.h"
#include "server/protocol/metrics.h"
#include "server/storage/opsstore.h"

#include <QHash>
#include <QObject>
#include <QSet>

// Turns samples into alerts: a rule must hold for its duration before an alert fires, an open
// alert is one alert however long the condition lasts (deduplicated by fingerprint), and it
// resolves only after the condition has been false for the rule's hold period. People
// acknowledge and resolve; everything is persisted with a timeline per alert.
class AlertEngine final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertEngine)
public:
    AlertEngine(OpsStore *store, const Clock *clock, QList<AlertRule> rules, QObject *parent = nullptr);

    // The host this engine watches. qualify (a fleet's shared store): fingerprints begin with
    // the host, so every host has its own incidents of the same rule. Before open().
    void setHost(const QString &host, bool qualify)
    {
        m_host = host;
        m_qualify = qualify;
    }
    const QString &host() const { return m_host; }
    // Another host's (an agent's host_down on a SQLite hub) is qualified whatever the store.
    QString fingerprintOf(const QString &host, const QString &key) const
    {
        return m_qualify || host != m_host ? host + u'/' + key : key;
    }
    // Loads the open alerts, so a restart neither forgets nor duplicates them.
    bool open(QString *error);
    // Reads the rules set through the API and the active silences again: in a fleet another
    // member may have changed them (FleetMember::sharedChanged).
    bool reloadShared(QString *error);
    // nowMs: when the sample was taken (-1: the clock's now). A sample of another host (an
    // agent's, which this daemon stores as its hub) is judged by the same rules as that host's
    // own incidents, fingerprinted "host/rule".
    void evaluate(const protocol::MetricsSample &sample, qint64 nowMs = -1);

    struct Outcome {
        QString errorCode; // empty: done
        QString message;
        protocol::Alert alert;
    };
    // What acknowledge (or resolve) would answer, without doing it: an action is audited
    // before it takes effect, and one that cannot happen is not audited.
    Outcome check(const QString &id, bool acknowledge) const;
    Outcome acknowledge(const QString &id, const QString &user, const QString &comment);
    Outcome resolve(const QString &id, const QString &user, const QString &comment);

    // Escalation raised the level (warning -> error -> critical); recorded in the timeline.
    std::optional<protocol::Alert> raiseLevel(const QString &id, int step);

    // host: only that host's alerts (empty: every host's).
    QList<protocol::Alert> list(bool activeOnly, int limit, QString *error, const QString &host = {}) const;
    std::optional<protocol::Alert> get(const QString &id, QString *error) const; // with timeline
    QList<protocol::Alert> since(qint64 seq, int limit, QString *error) const;
    // Rules: those of the config file, overridden (or disabled) by rules edited through the API,
    // which are persisted. Open alerts of rules that remain keep their state; an alert whose
    // rule goes away or is disabled resolves.
    const QList<AlertRule> &rules() const { return m_rules; }
    void setRules(QList<AlertRule> rules);
    struct RuleInfo {
        AlertRule rule;
        QString source; // config | api
        bool enabled = true;
        QString updatedBy;
        qint64 updatedAtMs = -1;
    };
    QList<RuleInfo> ruleInfos() const;
    bool putRule(const AlertRule &rule, bool enabled, const QString &user, QString *error);
    // Removes an API rule (a config rule of that name comes back); false with NotFound-ish error when there is none.
    bool deleteRule(const QString &name, QString *error);

    // Alerts that are not thresholds: a health check failing, a backup failing, a notification
    // channel failing. One alert per key while it is open; clearCondition resolves it.
    struct Condition {
        QString key;   // fingerprint, e.g. "channel:slack"
        QString rule;  // e.g. "channel_failing"
        QString level = QStringLiteral("error");
        QString title; // English
        QString message;
        QString messageKey; // for the console: alert.channel_failing, ...
        QJsonObject params;
        QJsonObject labels; // matchable by silences: {"channel": "slack"}
    };
    void raiseCondition(const Condition &condition);
    // Conditions about another host (the leader's host_down): the open alert is looked up in
    // the store, since another leader may have raised it. False when the store could not say.
    bool raiseHostCondition(const QString &host, const Condition &condition);
    bool clearHostCondition(const QString &host, const QString &key, const QString &why);
    void clearCondition(const QString &key, const QString &why = QStringLiteral("condition cleared"));
    bool isOpen(const QString &key) const { return !m_state.value(key).openAlertId.isEmpty(); }

    // Silences and maintenance windows quiet notifications and escalation, not the alerts.
    // id: chosen by the caller (so the audit row can name it before), or a new one.
    std::optional<Silence> addSilence(const QList<AlertMatcher> &matchers, qint64 durationMs, const QString &comment,
                                      const QString &user, QString *error, const QString &id = {});
    static bool silenceValid(const QList<AlertMatcher> &matchers, qint64 durationMs, const QString &comment, QString *error);
    bool hasActiveSilence(const QString &id) const;
    Outcome expireSilence(const QString &id, const QString &user);
    QList<Silence> silences(bool includeEnded, QString *error) const;
    void setMaintenanceWindows(QList<MaintenanceWindow> windows) { m_windows = std::move(windows); }
    const QList<MaintenanceWindow> &maintenanceWindows() const { return m_windows; }
    // A window opened by the daemon itself (a backup or restore in progress), until untilMs.
    void beginMaintenance(const QString &name, qint64 untilMs) { m_adhoc.insert(name, untilMs); }
    void endMaintenance(const QString &name) { m_adhoc.remove(name); }
    // "silence:ID", "maintenance:NAME" or empty: what quiets this alert now.
    QString suppressedBy(const protocol::Alert &alert) const;

    // A line in an alert's timeline (notification sent or failed, silenced, ...), without a change of state.
    void recordEvent(const QString &alertId, const QString &kind, const QJsonObject &detail);

    // Where an open alert stands in its escalation policy (the escalator's bookkeeping), kept
    // in the store so that a restart neither replays steps nor raises a level again.
    struct EscalationState {
        int nextStep = 0;
        qint64 startMs = 0;        // when it was first sent: steps count from here
        qint64 lastNotifiedMs = 0;
        bool held = false;         // quieted; not sent yet
    };
    // The stored states of the alerts that are not resolved, by alert id.
    QHash<QString, EscalationState> escalationStates(QString *error) const;
    bool saveEscalationState(const QString &alertId, const EscalationState &state, QString *error);

Q_SIGNALS:
    void changed(const protocol::Alert &alert);

private:
    QString m_host;
    bool m_qualify = false;
    struct RuleState {
        qint64 breachedSinceMs = -1;
        qint64 clearSinceMs = -1;
        QString openAlertId;
    };
    void fire(const AlertRule &rule, double value, RuleState &state, const QString &host);
    // Another host whose samples this engine judges (an agent's): its open alerts, read once.
    bool followHost(const QString &host);
    // A rule that changed starts its duration afresh, for this host and every other it judges.
    void restartDuration(const QString &rule);
    QSet<QString> m_followed;
    // A new firing alert for a condition about host.
    protocol::Alert firing(const Condition &condition, const QString &host) const;
    bool store(protocol::Alert &alert, const QJsonObject &eventDetail, RuleState &state);
    void retryUnsaved();
    // False when the store refused it: the alert stays open here and is resolved on a retry.
    bool resolveOpen(RuleState &state, const QJsonObject &detail);
    void applyRules();
    bool save(protocol::Alert &alert, const QString &eventKind, const QJsonObject &eventDetail, QString *error);
    bool insertEvent(const QString &alertId, qint64 ts, const QString &kind, const QJsonObject &detail, QString *error);
    std::optional<protocol::Alert> load(const QString &id, QString *error) const;
    QList<protocol::Alert> select(const QString &where, const QVariantList &values, QString *error) const;

    OpsStore *m_store;
    const Clock *m_clock;
    QList<AlertRule> m_rules;       // effective: enabled, config overridden by API
    QList<AlertRule> m_configRules;
    QList<RuleInfo> m_apiRules;
    QList<Silence> m_silences;      // not ended when loaded or created
    QList<MaintenanceWindow> m_windows;
    QHash<QString, qint64> m_adhoc;
    QHash<QString, RuleState> m_state; // by rule name (the fingerprint of a threshold rule)
    // Conditions raised while the store could not take them (it is full, say): raised again on
    // the next chance, so the alert about the store is not lost with it.
    QHash<QString, Condition> m_unsaved;
    QHash<QString, QJsonObject> m_unresolved; // condition key → why, for resolutions the store refused
    qint64 m_seq = 0;
};
