#include "server/backup/backupservice.h"

#include "server/logging/jsonlogger.h"
#include "server/protocol/protocol.h"
#include "server/storage/database.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace {

// What the list shows of a manifest's components (not every member's checksum).
QJsonArray componentSummary(const QJsonArray &components)
{
    QJsonArray out;
    for (const QJsonValue &v : components) {
        const QJsonObject c = v.toObject();
        QJsonObject s{{u"name"_qs, c.value(u"name"_qs)}, {u"type"_qs, c.value(u"type"_qs)}};
        if (c.contains(u"kind"_qs))
            s.insert(u"kind"_qs, c.value(u"kind"_qs));
        if (c.contains(u"tables"_qs))
            s.insert(u"tables"_qs, double(c.value(u"tables"_qs).toObject().size()));
        if (c.contains(u"files"_qs))
            s.insert(u"files"_qs, c.value(u"files"_qs));
        if (c.contains(u"bytes"_qs))
            s.insert(u"bytes"_qs, c.value(u"bytes"_qs));
        if (c.contains(u"path"_qs))
            s.insert(u"path"_qs, c.value(u"path"_qs));
        out.append(s);
    }
    return out;
}

QJsonValue isoOrNull(const QVariant &ms)
{
    return ms.isNull() ? QJsonValue() : QJsonValue(protocol::isoTimestamp(ms.toLongLong()));
}

// Why a backup was taken, as stored with it ("scheduled", "requested by NAME", …), as a message key.
protocol::Message backupReason(const QString &reason)
{
    static const QString requested = u"requested by "_qs, safety = u"safety before restoring "_qs;
    if (reason == u"scheduled"_qs)
        return {u"backup_reason.scheduled"_qs, {}};
    if (reason == u"found on disk"_qs)
        return {u"backup_reason.found_on_disk"_qs, {}};
    if (reason == u"formauto-opsd backup create"_qs)
        return {u"backup_reason.cli"_qs, {}};
    if (reason.startsWith(requested))
        return {u"backup_reason.requested"_qs, {{u"by"_qs, reason.mid(requested.size())}}};
    if (reason.startsWith(safety))
        return {u"backup_reason.safety"_qs, {{u"archive"_qs, reason.mid(safety.size())}}};
    return {};
}

} // namespace

QString BackupService::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Create: return QStringLiteral("backup");
    case Kind::Verify: return QStringLiteral("verify");
    case Kind::Drill: return QStringLiteral("restore_drill");
    case Kind::DryRun: return QStringLiteral("restore_dry_run");
    case Kind::Restore: return QStringLiteral("restore");
    }
    return {};
}

BackupService::BackupService(OpsStore *store, const Clock *clock, Options options, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_options(std::move(options))
{
}

BackupService::~BackupService()
{
    if (m_thread) {
        m_cancel->store(true);
        m_thread->wait();
        delete m_thread;
    }
}

bool BackupService::open(QString *error)
{
    const QString dir = m_options.plan.directory;
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("cannot create the backup directory %1").arg(dir);
        return false;
    }
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // What a crash left: never a complete-looking archive, only these.
    const QDir d(dir);
    for (const QFileInfo &f : d.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)) {
        const QString name = f.fileName();
        if (name.endsWith(u".partial"_qs))
            QFile::remove(f.filePath());
        else if (f.isDir() && (name.startsWith(u".work-"_qs) || name.startsWith(u".restore-"_qs) || name.startsWith(u".drill-"_qs)
                               || name.startsWith(u".rollback-"_qs)))
            QDir(f.filePath()).removeRecursively();
    }
    // The index follows the directory: archives put there by the CLI or by hand are listed,
    // rows of this host's archives that are gone are dropped. On a fleet's shared store the
    // other members' rows name archives in their own directories, and are left alone.
    QSet<QString> known, mine;
    QSqlQuery q(m_store->database());
    if (!q.exec(u"SELECT name, host FROM backups"_qs)) {
        *error = q.lastError().text();
        return false;
    }
    const QString host = m_options.plan.host;
    while (q.next()) {
        const QString name = q.value(0).toString();
        const QString writer = q.value(1).toString();
        known.insert(name);
        if (writer.isEmpty() && !host.isEmpty() && QFileInfo::exists(d.filePath(name))) {
            // Written before rows named their host: the archive is here, so it is this host's.
            QSqlQuery adopt(m_store->database());
            adopt.prepare(u"UPDATE backups SET host = ? WHERE name = ? AND host = ''"_qs);
            adopt.addBindValue(host);
            adopt.addBindValue(name);
            adopt.exec();
            mine.insert(name);
        } else if (isOwn(writer)) {
            mine.insert(name);
        }
    }
    for (const QString &name : std::as_const(mine)) {
        if (!QFileInfo::exists(d.filePath(name))) {
            QSqlQuery drop(m_store->database());
            drop.prepare(u"DELETE FROM backups WHERE name = ?"_qs);
            drop.addBindValue(name);
            drop.exec();
        }
    }
    for (const QFileInfo &f : d.entryInfoList(QDir::Files)) {
        if (!backupjob::isBackupFileName(f.fileName()) || known.contains(f.fileName()))
            continue;
        backupjob::Created c;
        c.name = f.fileName();
        c.path = f.filePath();
        c.size = f.size();
        const QDateTime stamp = QDateTime::fromString(f.fileName().mid(12, 15), u"yyyyMMdd_HHmmss"_qs);
        c.manifest = {{u"created"_qs, protocol::isoTimestamp(stamp.isValid() ? stamp.toMSecsSinceEpoch() : f.lastModified().toMSecsSinceEpoch())},
                      {u"reason"_qs, u"found on disk"_qs},
                      {u"host"_qs, host}};
        if (!record(c, error))
            return false;
    }
    return true;
}

bool BackupService::isOwn(const QString &writer) const
{
    return !m_store->isPostgres() || m_options.plan.host.isEmpty() || writer == m_options.plan.host;
}

bool BackupService::record(const backupjob::Created &created, QString *error)
{
    QSqlQuery q(m_store->database());
    q.prepare(u"INSERT INTO backups (name, created_at, size_bytes, duration_ms, reason, components, host) VALUES (?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (name) DO UPDATE SET size_bytes = excluded.size_bytes, components = excluded.components, host = excluded.host "
              "WHERE backups.host IN ('', excluded.host)"_qs); // never another member's row of the same name
    q.addBindValue(created.name);
    q.addBindValue(protocol::parseIsoTimestamp(created.manifest.value(u"created"_qs).toString()));
    q.addBindValue(created.size);
    q.addBindValue(created.durationMs);
    q.addBindValue(nonNull(created.manifest.value(u"reason"_qs).toString()));
    q.addBindValue(QString::fromUtf8(QJsonDocument(componentSummary(created.manifest.value(u"components"_qs).toArray())).toJson(QJsonDocument::Compact)));
    q.addBindValue(nonNull(created.manifest.value(u"host"_qs).toString().left(128))); // who wrote it
    return execQuery(q, error);
}

QString BackupService::pathOf(const QString &name) const
{
    if (!backupjob::isBackupFileName(name))
        return {};
    const QString path = QDir(m_options.plan.directory).filePath(name);
    return QFileInfo(path).isFile() ? path : QString();
}

BackupService::Started BackupService::start(Kind kind, const QString &name, const QString &by)
{
    if (m_thread)
        return {{}, QString(protocol::Error::Conflict), {u"error.job_running"_qs, {{u"kind"_qs, m_running.value(u"kind"_qs).toString()}}}};
    QString path;
    if (kind != Kind::Create) {
        path = pathOf(name);
        if (path.isEmpty())
            return {{}, QString(protocol::Error::NotFound), {u"error.no_backup_named"_qs, {{u"name"_qs, name.left(100)}}}};
    }
    const QString jobId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_running = {{u"job_id"_qs, jobId}, {u"kind"_qs, kindName(kind)}, {u"name"_qs, name}, {u"by"_qs, by},
                 {u"started"_qs, protocol::isoTimestamp(m_clock->nowMs())}, {u"state"_qs, u"running"_qs}};
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const auto cancel = m_cancel;
    const BackupPlan plan = m_options.plan;
    const QJsonObject job = m_running;
    const qint64 now = m_clock->nowMs();
    // Progress from the worker, at most five times a second.
    auto report = [this, job, cancel, observer = m_options.observer, timer = std::make_shared<QElapsedTimer>(),
                   last = std::make_shared<qint64>(-1000), phaseSeen = std::make_shared<QString>()](const QString &phase, qint64 done, qint64 total) {
        if (cancel->load() || (observer && !observer(phase, done, total)))
            return false;
        if (!timer->isValid())
            timer->start();
        const bool newPhase = !phase.isEmpty() && phase != *phaseSeen;
        if (!newPhase && timer->elapsed() - *last < 200)
            return true;
        *last = timer->elapsed();
        if (!phase.isEmpty())
            *phaseSeen = phase;
        QJsonObject update = job;
        update.insert(u"phase"_qs, *phaseSeen);
        if (done >= 0) {
            update.insert(u"done_bytes"_qs, double(done));
            update.insert(u"total_bytes"_qs, double(total));
            if (total > 0) {
                const double fraction = std::min(1.0, double(done) / double(total));
                update.insert(u"percent"_qs, std::floor(fraction * 1000) / 10);
                if (fraction > 0.01)
                    update.insert(u"eta_seconds"_qs, std::round(double(timer->elapsed()) / 1000.0 * (1 - fraction) / fraction));
            }
        }
        QMetaObject::invokeMethod(this, [this, update] {
            m_running = update;
            Q_EMIT progress(update);
        }, Qt::QueuedConnection);
        return true;
    };
    m_thread = QThread::create([this, kind, path, plan, now, by, report, job] {
        Outcome o;
        QString error;
        switch (kind) {
        case Kind::Create: {
            auto created = backupjob::create(plan, now, by == u"schedule"_qs ? u"scheduled"_qs : u"requested by "_qs + by, report, &error);
            o.ok = created.has_value();
            if (created) {
                o.created.append(*created);
                o.said = {u"backup.created"_qs, {{u"name"_qs, created->name}, {u"size"_qs, double(created->size)}}};
                o.message = QStringLiteral("%1, %2 bytes").arg(created->name).arg(created->size);
                o.result = {{u"name"_qs, created->name}, {u"size_bytes"_qs, double(created->size)}, {u"duration_ms"_qs, double(created->durationMs)}};
            } else {
                o.message = error;
            }
            break;
        }
        case Kind::Verify: {
            o.verified = backupjob::verify(path, plan.policy, report, plan.serviceDatabase ? plan.serviceDatabase->database : QString());
            o.ok = o.verified->ok;
            o.message = o.ok ? QStringLiteral("every checksum matches") : o.verified->problems.join(u"; ");
            if (o.ok)
                o.said = {u"backup.verified"_qs, {}};
            o.result = {{u"ok"_qs, o.ok}, {u"problems"_qs, QJsonArray::fromStringList(o.verified->problems)}, {u"legacy"_qs, o.verified->legacy}};
            break;
        }
        case Kind::Drill: {
            o.drill = backupjob::drill(plan, path, report);
            o.ok = o.drill->ok;
            o.message = o.drill->message;
            if (!o.drill->messageKey.isEmpty())
                o.said = {o.drill->messageKey, {{u"count"_qs, o.drill->databasesChecked}}};
            o.result = o.drill->details;
            break;
        }
        case Kind::DryRun:
        case Kind::Restore: {
            QList<backupjob::Created> safety;
            const auto safetyBackup = [&]() -> std::optional<QString> {
                QString why;
                auto created = backupjob::create(plan, QDateTime::currentMSecsSinceEpoch(), u"safety before restoring "_qs + QFileInfo(path).fileName(),
                                                 report, &why);
                if (!created) {
                    error = why;
                    return std::nullopt;
                }
                safety.append(*created);
                return created->path;
            };
            const auto r = backupjob::restore(plan, path, kind == Kind::DryRun, safetyBackup, report);
            o.ok = r.ok;
            o.created = safety;
            if (r.ok)
                o.said = {r.dryRun ? u"backup.dry_run"_qs : u"backup.restored"_qs, {}};
            o.message = r.ok ? (r.dryRun ? QStringLiteral("dry run: nothing was changed") : QStringLiteral("restored"))
                             : r.error + (error.isEmpty() ? QString() : u": "_qs + error);
            o.result = {{u"ok"_qs, r.ok}, {u"dry_run"_qs, r.dryRun}, {u"rolled_back"_qs, r.rolledBack}, {u"steps"_qs, r.steps}};
            if (!r.rollback.isEmpty()) {
                o.result.insert(u"rollback"_qs, r.rollback);
                o.result.insert(u"not_put_back"_qs, QJsonArray::fromStringList(r.notPutBack));
            }
            // What a failed rollback left behind needs a person: one line each in the log.
            for (const QString &item : std::as_const(r.notPutBack))
                qCCritical(lcOps).noquote() << "restore of" << QFileInfo(path).fileName() << "rolled back incompletely: not put back:" << item;
            if (!safety.isEmpty())
                o.result.insert(u"safety_backup"_qs, safety.first().name);
            break;
        }
        }
        QMetaObject::invokeMethod(this, [this, job, o] { onFinished(job, o); }, Qt::QueuedConnection);
    });
    m_thread->setObjectName(u"backup"_qs);
    m_thread->start();
    Q_EMIT progress(m_running);
    return {jobId, {}, {}};
}

bool BackupService::cancel(const QString &jobId)
{
    if (!m_thread || m_running.value(u"job_id"_qs).toString() != jobId)
        return false;
    m_cancel->store(true);
    return true;
}

QJsonObject BackupService::running() const
{
    return m_thread ? m_running : QJsonObject();
}

void BackupService::onFinished(const QJsonObject &job, const Outcome &o)
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    const bool cancelled = m_cancel && m_cancel->load();
    QString error;
    for (const backupjob::Created &c : o.created) {
        if (!record(c, &error))
            qCWarning(lcOps).noquote() << "indexing backup" << c.name << "failed:" << error;
    }
    const qint64 now = m_clock->nowMs();
    const QString name = job.value(u"name"_qs).toString();
    if (o.verified || (o.drill && o.drill->ok)) {
        QSqlQuery q(m_store->database());
        q.prepare(u"UPDATE backups SET verified_at = ?, verify_ok = ?, verify_message = ? WHERE name = ?"_qs);
        q.addBindValue(now);
        q.addBindValue(o.ok ? 1 : 0);
        q.addBindValue(nonNull(o.message.left(2000)));
        q.addBindValue(name);
        q.exec();
    }
    if (o.drill) {
        QSqlQuery q(m_store->database());
        q.prepare(u"UPDATE backups SET drill_at = ?, drill_ok = ?, drill_message = ? WHERE name = ?"_qs);
        q.addBindValue(now);
        q.addBindValue(o.ok ? 1 : 0);
        q.addBindValue(nonNull(o.message.left(2000)));
        q.addBindValue(name);
        q.exec();
    }
    QJsonObject update = job;
    update.insert(u"state"_qs, o.ok ? u"done"_qs : cancelled ? u"cancelled"_qs : u"failed"_qs);
    const bool leftSomething = !o.result.value(u"not_put_back"_qs).toArray().isEmpty();
    const bool cleanCancel = cancelled && !o.ok && !leftSomething;
    update.insert(u"message"_qs, cleanCancel ? QStringLiteral("cancelled; nothing was left behind") : o.message);
    // For a person: the catalogue's words, or the fault in the daemon's own words (which file,
    // which program said what) as the parameter of job.failed.
    const protocol::Message said = cleanCancel ? protocol::Message{u"backup.cancelled"_qs, {}}
                                   : !o.said.isEmpty() ? o.said
                                                       : protocol::Message{u"job.failed"_qs, {{u"error"_qs, o.message.left(2000)}}};
    update.insert(u"message_key"_qs, said.key);
    update.insert(u"params"_qs, said.params);
    update.insert(u"result"_qs, o.result);
    update.insert(u"finished"_qs, protocol::isoTimestamp(now));
    if (o.ok)
        qCInfo(lcOps).noquote() << job.value(u"kind"_qs).toString() << "finished:" << o.message;
    else
        qCWarning(lcOps).noquote() << job.value(u"kind"_qs).toString() << "failed:" << update.value(u"message"_qs).toString();
    m_running = {};
    m_cancel.reset();
    Q_EMIT finished(update);
}

QJsonArray BackupService::list(QString *error) const
{
    return list(m_store->database(), error);
}

QJsonArray BackupService::list(const QSqlDatabase &db, QString *error)
{
    QJsonArray out;
    QSqlQuery q(db);
    if (!q.exec(u"SELECT name, created_at, size_bytes, duration_ms, reason, components, verified_at, verify_ok, verify_message, "
                "drill_at, drill_ok, drill_message, host FROM backups ORDER BY created_at DESC, name DESC"_qs)) {
        *error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        const protocol::Message reasonMessage = backupReason(q.value(4).toString());
        QJsonObject b{{u"name"_qs, q.value(0).toString()},
                      {u"created"_qs, protocol::isoTimestamp(q.value(1).toLongLong())},
                      {u"size_bytes"_qs, q.value(2).toDouble()},
                      {u"duration_ms"_qs, q.value(3).toDouble()},
                      {u"reason"_qs, q.value(4).toString()},
                      {u"reason_key"_qs, reasonMessage.key},
                      {u"reason_params"_qs, reasonMessage.params},
                      {u"components"_qs, QJsonDocument::fromJson(q.value(5).toString().toUtf8()).array()},
                      {u"verified_at"_qs, isoOrNull(q.value(6))},
                      {u"verify_ok"_qs, q.value(7).isNull() ? QJsonValue() : QJsonValue(q.value(7).toInt() != 0)},
                      {u"verify_message"_qs, q.value(8).toString()},
                      {u"drill_at"_qs, isoOrNull(q.value(9))},
                      {u"drill_ok"_qs, q.value(10).isNull() ? QJsonValue() : QJsonValue(q.value(10).toInt() != 0)},
                      {u"drill_message"_qs, q.value(11).toString()},
                      {u"host"_qs, q.value(12).toString()}};
        out.append(b);
    }
    return out;
}

QJsonObject BackupService::summary() const
{
    return summary(m_store->database());
}

QJsonObject BackupService::summary(const QSqlDatabase &db)
{
    QJsonObject out{{u"last_backup"_qs, QJsonValue()}, {u"last_verified"_qs, QJsonValue()}, {u"last_proven_restorable"_qs, QJsonValue()}};
    QSqlQuery q(db);
    if (q.exec(u"SELECT MAX(created_at), MAX(CASE WHEN verify_ok = 1 THEN verified_at END), MAX(CASE WHEN drill_ok = 1 THEN drill_at END) FROM backups"_qs)
        && q.next()) {
        out = {{u"last_backup"_qs, isoOrNull(q.value(0))}, {u"last_verified"_qs, isoOrNull(q.value(1))},
               {u"last_proven_restorable"_qs, isoOrNull(q.value(2))}};
    }
    return out;
}

qint64 BackupService::lastSuccessMs() const
{
    return lastSuccessMs(m_store->database());
}

qint64 BackupService::lastSuccessMs(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (q.exec(u"SELECT MAX(created_at) FROM backups"_qs) && q.next() && !q.value(0).isNull())
        return q.value(0).toLongLong();
    return -1;
}

QList<RetentionItem> BackupService::retentionItems(QString *error) const
{
    // This host's archives: the others' files are in their own directories, and their rows
    // go only with their files (a row dropped here would leave its archive unlisted).
    QList<RetentionItem> items;
    QSqlQuery q(m_store->database());
    if (!q.exec(u"SELECT name, created_at, verify_ok, host FROM backups"_qs)) {
        *error = q.lastError().text();
        return items;
    }
    while (q.next()) {
        const QString writer = q.value(3).toString();
        if (isOwn(writer))
            items.append({q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toInt() == 1});
    }
    return items;
}

QJsonArray BackupService::retentionPreview(QString *error) const
{
    QJsonArray out;
    for (const RetentionDecision &d : decideRetention(retentionItems(error), m_options.retention, m_clock->nowMs(), m_options.zone))
        out.append(QJsonObject{{u"name"_qs, d.name}, {u"created"_qs, protocol::isoTimestamp(d.createdMs)}, {u"keep"_qs, d.keep}, {u"reason"_qs, d.reason},
                               {u"reason_key"_qs, d.reasonKey}, {u"reason_params"_qs, d.reasonParams}});
    return out;
}

QStringList BackupService::applyRetention(QString *error)
{
    QStringList deleted;
    if (m_thread) {
        *error = QStringLiteral("a backup job is running; cleanup waits");
        return deleted;
    }
    for (const RetentionDecision &d : decideRetention(retentionItems(error), m_options.retention, m_clock->nowMs(), m_options.zone)) {
        if (d.keep)
            continue;
        const QString path = pathOf(d.name);
        if (!path.isEmpty() && !QFile::remove(path)) {
            *error = QStringLiteral("cannot delete %1").arg(path);
            continue;
        }
        QSqlQuery q(m_store->database());
        q.prepare(u"DELETE FROM backups WHERE name = ?"_qs);
        q.addBindValue(d.name);
        q.exec();
        deleted << d.name;
    }
    return deleted;
}
