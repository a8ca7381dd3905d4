#pragma once

#include "server/alerts/alertengine.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

// What happens to an alert nobody takes: ordered steps after it fired (wait, notify these
// channels, maybe raise the level), until someone acknowledges or it resolves; and reminders
// for critical alerts that stay unresolved. Runs on the injected clock.
struct EscalationPolicy {
    struct Step {
        qint64 afterMs = 0;
        QStringList channels;
        bool raise = false;
    };
    QList<Step> steps;
    qint64 reminderMs = 3600000; // 0: no reminders

    // Steps as "15m:email:raise" or "30m:slack,email,webhook"; the first notification
    // (routing by level) is not a step.
    static std::optional<EscalationPolicy> parse(const QStringList &steps, int reminderMinutes, QString *error);
    // "T+15m email (raise the level)", one line per step: what an operator can expect.
    QStringList preview() const;
    // The same as data for the console to word: [{after_seconds, channels, raise}], reminder_seconds.
    QJsonObject previewJson(const QStringList &firstChannels) const;
};

// Decides when an alert is sent: when it fires (unless a silence or maintenance window quiets
// it; then when the quiet ends, if it still fires), at each escalation step, and as reminders.
// Its progress per alert is stored before each notification it emits: after a restart no step
// is sent twice and no level is raised twice (a step interrupted by a crash is not repeated).
class Escalator final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Escalator)
public:
    Escalator(AlertEngine *alerts, const Clock *clock, EscalationPolicy policy, QObject *parent = nullptr);
    void start(int intervalMs = 10000);
    // Takes every due step; public for tests.
    void tick();
    const EscalationPolicy &policy() const { return m_policy; }
    // In a fleet only the leader escalates; a new leader reads the progress its predecessor
    // stored before its first decision.
    void setActive(bool active)
    {
        if (active && !m_active) {
            m_loaded = false;
            m_progress.clear();
        }
        m_active = active;
    }
    bool isActive() const { return m_active; }

Q_SIGNALS:
    void notify(const protocol::Alert &alert, const QStringList &channels);

private:
    using Progress = AlertEngine::EscalationState;
    void onChanged(const protocol::Alert &alert);
    // The progress stored before a restart, read once before the first decision.
    void ensureLoaded();
    void persist(const QString &alertId, const Progress &progress);
    AlertEngine *m_alerts;
    const Clock *m_clock;
    EscalationPolicy m_policy;
    QHash<QString, Progress> m_progress;
    bool m_loaded = false;
    bool m_active = true;
    QTimer m_timer{this}; // a child: it follows the object to the store thread
};
