#include "server/schedule/scheduler.h"

#include "server/logging/jsonlogger.h"
#include "server/protocol/protocol.h"
#include "server/storage/database.h"

#include <QJsonDocument>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>

namespace {
// A job_runs row from column `at` on: started_at, finished_at, ok, message, triggered_by,
// message_key, message_params.
QJsonObject runJson(const QSqlQuery &q, int at)
{
    const qint64 started = q.value(at).toLongLong();
    QJsonObject run{{u"started"_qs, protocol::isoTimestamp(started)}, {u"duration_ms"_qs, double(q.value(at + 1).toLongLong() - started)},
                    {u"ok"_qs, q.value(at + 2).toInt() != 0}, {u"message"_qs, q.value(at + 3).toString()},
                    {u"trigger"_qs, q.value(at + 4).toString()}};
    if (const QString key = q.value(at + 5).toString(); !key.isEmpty()) {
        run.insert(u"message_key"_qs, key);
        run.insert(u"params"_qs, QJsonDocument::fromJson(q.value(at + 6).toString().toUtf8()).object());
    }
    return run;
}
} // namespace

Scheduler::Scheduler(OpsStore *store, const Clock *clock, QTimeZone zone, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_zone(std::move(zone))
{
    connect(&m_timer, &QTimer::timeout, this, &Scheduler::tick);
}

bool Scheduler::addJob(const QString &name, const QString &cron, Runner runner, QString *error)
{
    auto expression = CronExpression::parse(cron, error);
    if (!expression) {
        *error = QStringLiteral("schedule for %1: %2").arg(name, *error);
        return false;
    }
    m_jobs.append({name, *expression, std::move(runner), -1, false, 0, {}});
    return true;
}

void Scheduler::setFleet(Fleet fleet)
{
    m_fleet = std::move(fleet);
}

void Scheduler::setLeader(bool leader, qint64 term)
{
    if (!m_fleet)
        return;
    m_leaderTerm = leader ? term : 0;
    if (leader && m_slotsTerm != term)
        loadSlots();
}

void Scheduler::loadSlots()
{
    // The previous leader moved the slots on: read them before running anything.
    if (m_loading)
        return;
    m_loading = true;
    QStringList names;
    for (const Job &job : std::as_const(m_jobs))
        names << job.name;
    const qint64 now = m_clock->nowMs();
    const qint64 term = m_leaderTerm;
    m_fleet->load(names, now).then(this, [this, term, now](const std::optional<QHash<QString, qint64>> &slots) {
        m_loading = false;
        if (m_leaderTerm != term)
            return;
        if (!slots) {
            qCWarning(lcOps).noquote() << "the schedule could not be read; trying again at the next tick";
            return;
        }
        for (Job &job : m_jobs)
            job.lastSlotMs = std::max(job.lastSlotMs, slots->value(job.name, now));
        m_slotsTerm = term;
        tick();
    });
}

bool Scheduler::open(QString *error)
{
    const qint64 now = m_clock->nowMs();
    QSqlQuery q(m_store->database());
    if (!q.exec(QStringLiteral("SELECT job, last_slot FROM schedule_state"))) {
        *error = q.lastError().text();
        return false;
    }
    QHash<QString, qint64> slots;
    while (q.next())
        slots.insert(q.value(0).toString(), q.value(1).toLongLong());
    for (Job &job : m_jobs) {
        job.lastSlotMs = slots.value(job.name, -1);
        if (m_fleet) {
            job.lastSlotMs = std::max<qint64>(job.lastSlotMs, 0); // the leader reads them again (setLeader)
        } else if (job.lastSlotMs < 0) {
            job.lastSlotMs = now; // first start: from now on
            saveSlot(job);
        }
        QSqlQuery last(m_store->database());
        last.prepare(QStringLiteral("SELECT started_at, finished_at, ok, message, triggered_by, message_key, message_params FROM job_runs "
                                    "WHERE job = ? ORDER BY id DESC LIMIT 1"));
        last.addBindValue(job.name);
        if (last.exec() && last.next())
            job.last = runJson(last, 0);
    }
    return true;
}

void Scheduler::start(int intervalMs)
{
    m_timer.start(intervalMs);
    tick();
}

void Scheduler::saveSlot(const Job &job)
{
    auto write = [name = job.name, slot = job.lastSlotMs](OpsStore &store) {
        QSqlQuery q(store.database());
        q.prepare(QStringLiteral("INSERT INTO schedule_state (job, last_slot) VALUES (?, ?) ON CONFLICT (job) DO UPDATE SET last_slot = excluded.last_slot"));
        q.addBindValue(name);
        q.addBindValue(slot);
        if (!q.exec())
            qCWarning(lcOps).noquote() << "saving the schedule of" << name << "failed:" << q.lastError().text();
    };
    if (m_thread)
        m_thread->post("schedule slot", std::move(write));
    else
        write(*m_store);
}

void Scheduler::tick()
{
    if (m_fleet && m_leaderTerm > 0 && m_slotsTerm != m_leaderTerm) {
        loadSlots(); // a read that failed before
        return;
    }
    if (!isActive())
        return;
    const qint64 now = m_clock->nowMs();
    for (Job &job : m_jobs) {
        if (job.claiming)
            continue;
        const qint64 due = job.cron.next(job.lastSlotMs, m_zone);
        if (due < 0 || due > now)
            continue;
        // However many slots were missed, the job runs once; the latest missed slot counts as handled.
        qint64 slot = due;
        for (int guard = 0; guard < 1000000; ++guard) {
            const qint64 following = job.cron.next(slot, m_zone);
            if (following < 0 || following > now)
                break;
            slot = following;
        }
        if (m_fleet) {
            job.claiming = true;
            m_fleet->claim(job.name, slot).then(this, [this, name = job.name, slot, due](Claim claim) { claimed(name, slot, due, claim); });
            continue;
        }
        job.lastSlotMs = slot;
        saveSlot(job);
        if (job.running) {
            qCWarning(lcOps).noquote() << "job" << job.name << "is still running; its slot at" << protocol::isoTimestamp(slot) << "is skipped";
            continue;
        }
        run(job, slot == due ? u"schedule"_qs : u"schedule (missed runs caught up once)"_qs, slot);
    }
}

void Scheduler::claimed(const QString &name, qint64 slot, qint64 due, Claim claim)
{
    for (Job &job : m_jobs) {
        if (job.name != name)
            continue;
        job.claiming = false;
        if (claim == Claim::Failed)
            return; // still due: claimed again at the next tick (a claim can be repeated)
        if (claim == Claim::Taken) {
            // Another claimer's (or this term has passed, and the next leader reads the slots).
            job.lastSlotMs = std::max(job.lastSlotMs, slot);
            return;
        }
        job.lastSlotMs = slot;
        if (job.running) {
            qCWarning(lcOps).noquote() << "job" << job.name << "is still running; its slot at" << protocol::isoTimestamp(slot) << "is skipped";
            return;
        }
        run(job, slot == due ? u"schedule"_qs : u"schedule (missed runs caught up once)"_qs, slot);
        return;
    }
}

bool Scheduler::runNow(const QString &name)
{
    for (Job &job : m_jobs) {
        if (job.name == name) {
            if (job.running)
                return false;
            run(job, u"manual"_qs, -1);
            return true;
        }
    }
    return false;
}

void Scheduler::run(Job &job, const QString &trigger, qint64 slotMs)
{
    job.running = true;
    job.startedMs = m_clock->nowMs();
    const QString name = job.name;
    QPointer<Scheduler> self(this);
    const qint64 term = m_leaderTerm;
    const QString host = m_fleet ? m_fleet->host : QString();
    job.runner([self, name, trigger, slotMs, term, host](bool ok, const protocol::Message &message) {
        if (!self)
            return;
        for (Job &j : self->m_jobs) {
            if (j.name != name)
                continue;
            j.running = false;
            const qint64 finished = self->m_clock->nowMs();
            const QString english = message.english().left(2000);
            // Long words (a long error, many archive names) are shortened one by one, so what is
            // stored stays valid JSON with every parameter the key names.
            QJsonObject kept = message.params;
            for (auto it = kept.begin(); it != kept.end(); ++it) {
                if (it.value().isString() && it.value().toString().size() > 1000)
                    it.value() = QString(it.value().toString().left(999) + u'…');
            }
            const QString params = QString::fromUtf8(QJsonDocument(kept).toJson(QJsonDocument::Compact));
            const QVariantList values{QVariant(name), QVariant(j.startedMs), QVariant(finished), QVariant(ok ? 1 : 0), QVariant(english),
                                      QVariant(trigger), QVariant(message.key), QVariant(params), QVariant(nonNull(host)), QVariant(term),
                                      slotMs < 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(slotMs)};
            auto write = [values](OpsStore &store) {
                QSqlQuery q(store.database());
                q.prepare(QStringLiteral("INSERT INTO job_runs (job, started_at, finished_at, ok, message, triggered_by, message_key, "
                                         "message_params, host, term, slot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
                for (const QVariant &v : values)
                    q.addBindValue(v);
                if (!q.exec())
                    qCWarning(lcOps).noquote() << "recording a job run failed:" << q.lastError().text();
            };
            if (self->m_thread)
                self->m_thread->post("job run", std::move(write));
            else
                write(*self->m_store);
            j.last = {{u"started"_qs, protocol::isoTimestamp(j.startedMs)}, {u"duration_ms"_qs, double(finished - j.startedMs)},
                      {u"ok"_qs, ok}, {u"message"_qs, english}, {u"message_key"_qs, message.key}, {u"params"_qs, message.params},
                      {u"trigger"_qs, trigger}};
            if (ok)
                qCInfo(lcOps).noquote() << "job" << name << "done:" << english;
            else
                qCWarning(lcOps).noquote() << "job" << name << "failed:" << english;
            Q_EMIT self->jobFinished(name, ok, english);
            return;
        }
    });
}

qint64 Scheduler::nextRun(const QString &name) const
{
    for (const Job &job : m_jobs) {
        if (job.name == name)
            return job.cron.next(std::max(job.lastSlotMs, m_clock->nowMs()), m_zone);
    }
    return -1;
}

QJsonArray Scheduler::status() const
{
    QJsonArray out;
    for (const Job &job : m_jobs) {
        const qint64 next = nextRun(job.name);
        out.append(QJsonObject{{u"name"_qs, job.name},
                               {u"schedule"_qs, job.cron.text()},
                               {u"time_zone"_qs, QString::fromUtf8(m_zone.id())},
                               {u"next_run"_qs, next >= 0 ? QJsonValue(protocol::isoTimestamp(next)) : QJsonValue()},
                               {u"running"_qs, job.running},
                               {u"last"_qs, job.last.isEmpty() ? QJsonValue() : QJsonValue(job.last)}});
    }
    return out;
}

QJsonArray Scheduler::history(int limit, QString *error) const
{
    return history(m_store->database(), limit, error);
}

QJsonArray Scheduler::history(const QSqlDatabase &db, int limit, QString *error)
{
    QJsonArray out;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT job, started_at, finished_at, ok, message, triggered_by, message_key, message_params FROM job_runs "
                             "ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!execQuery(q, error))
        return out;
    while (q.next()) {
        QJsonObject run = runJson(q, 1);
        run.insert(u"job"_qs, q.value(0).toString());
        out.append(run);
    }
    return out;
}
