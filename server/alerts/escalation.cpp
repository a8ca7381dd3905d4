#include "server/alerts/escalation.h"

#include "server/logging/jsonlogger.h"

#include <QJsonArray>
#include <QRegularExpression>

std::optional<EscalationPolicy> EscalationPolicy::parse(const QStringList &steps, int reminderMinutes, QString *error)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,5})([mh]):([a-z0-9_,]+)(:raise)?$"));
    EscalationPolicy policy;
    qint64 previous = 0;
    for (const QString &text : steps) {
        const auto m = re.match(text.trimmed());
        if (!m.hasMatch()) {
            *error = QStringLiteral("escalation step \"%1\" is not DURATION:CHANNELS[:raise], e.g. \"15m:email:raise\"").arg(text);
            return std::nullopt;
        }
        Step step;
        step.afterMs = m.captured(1).toLongLong() * (m.captured(2) == u"m"_qs ? 60000 : 3600000);
        step.channels = m.captured(3).split(u',', Qt::SkipEmptyParts);
        step.raise = !m.captured(4).isEmpty();
        if (step.afterMs <= previous) {
            *error = QStringLiteral("escalation steps must come later and later (\"%1\")").arg(text);
            return std::nullopt;
        }
        previous = step.afterMs;
        policy.steps.append(step);
    }
    policy.reminderMs = qint64(qMax(0, reminderMinutes)) * 60000;
    return policy;
}

QJsonObject EscalationPolicy::previewJson(const QStringList &firstChannels) const
{
    QJsonArray list{QJsonObject{{u"after_seconds"_qs, 0}, {u"channels"_qs, QJsonArray::fromStringList(firstChannels)}, {u"raise"_qs, false}}};
    for (const Step &s : steps)
        list.append(QJsonObject{{u"after_seconds"_qs, double(s.afterMs / 1000)}, {u"channels"_qs, QJsonArray::fromStringList(s.channels)},
                                {u"raise"_qs, s.raise}});
    return {{u"steps"_qs, list}, {u"reminder_seconds"_qs, double(reminderMs / 1000)}};
}

QStringList EscalationPolicy::preview() const
{
    QStringList lines{QStringLiteral("T+0 the channels routed for the alert's level")};
    for (const Step &s : steps)
        lines << QStringLiteral("T+%1m %2%3").arg(s.afterMs / 60000).arg(s.channels.join(u", "), s.raise ? u" (raise the level)"_qs : QString());
    if (reminderMs > 0)
        lines << QStringLiteral("every %1m until resolved: a reminder for critical alerts").arg(reminderMs / 60000);
    return lines;
}

Escalator::Escalator(AlertEngine *alerts, const Clock *clock, EscalationPolicy policy, QObject *parent)
    : QObject(parent), m_alerts(alerts), m_clock(clock), m_policy(std::move(policy))
{
    connect(&m_timer, &QTimer::timeout, this, &Escalator::tick);
    connect(m_alerts, &AlertEngine::changed, this, &Escalator::onChanged);
}

void Escalator::ensureLoaded()
{
    if (m_loaded)
        return;
    QString error;
    const QHash<QString, Progress> stored = m_alerts->escalationStates(&error);
    if (!error.isEmpty()) {
        qCWarning(lcOps).noquote() << "reading escalation progress failed:" << error;
        return; // tried again on the next tick; deciding without it would replay steps
    }
    m_loaded = true;
    for (auto it = stored.constBegin(); it != stored.constEnd(); ++it)
        m_progress.insert(it.key(), it.value());
}

void Escalator::persist(const QString &alertId, const Progress &p)
{
    QString error;
    if (!m_alerts->saveEscalationState(alertId, p, &error))
        qCWarning(lcOps).noquote() << "storing escalation progress of" << alertId << "failed:" << error;
}

void Escalator::onChanged(const protocol::Alert &a)
{
    if (a.state == u"resolved"_qs) {
        m_progress.remove(a.id);
        return;
    }
    if (a.state != u"firing"_qs)
        return;
    ensureLoaded();
    // Fired: the channels routed for its level hear of it, unless quieted. (A raised level is
    // sent by the step that raised it, to the step's channels.)
    if (m_progress.contains(a.id))
        return;
    Progress &p = m_progress[a.id];
    const QString quiet = m_alerts->suppressedBy(a);
    if (!quiet.isEmpty()) {
        p.held = true;
        p.startMs = p.lastNotifiedMs = a.firedAtMs;
        persist(a.id, p);
        m_alerts->recordEvent(a.id, QStringLiteral("silenced"), {{u"by"_qs, quiet}});
        return;
    }
    p.startMs = a.firedAtMs;
    p.lastNotifiedMs = m_clock->nowMs();
    persist(a.id, p);
    Q_EMIT notify(a, {});
}

void Escalator::start(int intervalMs)
{
    m_timer.start(intervalMs);
}

void Escalator::tick()
{
    if (!m_active)
        return;
    ensureLoaded();
    if (!m_loaded)
        return;
    const qint64 now = m_clock->nowMs();
    QString error;
    const QList<protocol::Alert> open = m_alerts->list(true, 1000, &error);
    // In a fleet other members' alerts fire there and store their first progress: read it
    // rather than start them afresh here.
    if (std::any_of(open.cbegin(), open.cend(), [this](const protocol::Alert &a) { return !m_progress.contains(a.id); })) {
        QString readError;
        const QHash<QString, Progress> stored = m_alerts->escalationStates(&readError);
        if (!readError.isEmpty())
            return; // next tick: deciding without it would replay steps
        for (auto it = stored.constBegin(); it != stored.constEnd(); ++it) {
            if (!m_progress.contains(it.key()))
                m_progress.insert(it.key(), it.value());
        }
    }
    for (const protocol::Alert &a : open) {
        const bool known = m_progress.contains(a.id);
        Progress &p = m_progress[a.id];
        if (!known) {
            // Open, with no stored progress (stored by an older version, or lost): it was sent
            // when it fired; the steps already due are counted as taken rather than sent all
            // at once now.
            p.startMs = p.lastNotifiedMs = a.firedAtMs;
            while (p.nextStep < m_policy.steps.size() && now - p.startMs >= m_policy.steps.at(p.nextStep).afterMs)
                ++p.nextStep;
            persist(a.id, p);
        }
        const QString quiet = m_alerts->suppressedBy(a);
        if (!quiet.isEmpty()) {
            if (!p.held && !known) {
                p.held = true;
                persist(a.id, p);
            }
            continue; // no steps, no reminders while quieted
        }
        if (p.held) {
            // The silence or window ended and it still stands: send it now; steps count from now.
            p.held = false;
            p.startMs = p.lastNotifiedMs = now;
            p.nextStep = 0;
            persist(a.id, p);
            m_alerts->recordEvent(a.id, QStringLiteral("unsilenced"), {});
            if (a.state == u"firing"_qs)
                Q_EMIT notify(a, {});
            continue;
        }
        // Acknowledged: someone has it; no more steps. Reminders continue while critical.
        protocol::Alert current = a;
        if (a.state == u"firing"_qs) {
            while (p.nextStep < m_policy.steps.size() && now - p.startMs >= m_policy.steps.at(p.nextStep).afterMs) {
                const EscalationPolicy::Step &step = m_policy.steps.at(p.nextStep++);
                p.lastNotifiedMs = now;
                persist(a.id, p); // before the effects: a crash from here on never repeats the step
                if (step.raise) {
                    if (auto raised = m_alerts->raiseLevel(a.id, p.nextStep); raised)
                        current = *raised;
                }
                Q_EMIT notify(current, step.channels);
            }
        }
        if (m_policy.reminderMs > 0 && current.level == u"critical"_qs && now - p.lastNotifiedMs >= m_policy.reminderMs) {
            p.lastNotifiedMs = now;
            persist(a.id, p);
            Q_EMIT notify(current, {}); // empty: the channels routed for its level
        }
    }
}
