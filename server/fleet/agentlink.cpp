#include "server/fleet/agentlink.h"

#include "server/logging/jsonlogger.h"
#include "server/protocol/protocol.h"
#include "server/storage/database.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSqlError>
#include <QSqlQuery>
#include <QSslConfiguration>
#include <QTimer>
#include <QUuid>
#include <cmath>

namespace {
constexpr int MaxBackoffMs = 30000;
constexpr qint64 MaxLogEntryBytes = 256 * 1024;
constexpr int MaxEntriesPerPush = 1000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// A sequence number from the hub's answer; 0 when it is not one.
qint64 whole(const QJsonValue &v)
{
    const double d = v.toDouble(0);
    return std::isfinite(d) && d >= 0 && d <= 9007199254740991.0 ? qint64(d) : 0;
}
} // namespace

QJsonObject AgentLink::Status::toJson() const
{
    return {{u"hub"_qs, hub},
            {u"connected"_qs, connected},
            {u"last_push"_qs, lastPushMs > 0 ? QJsonValue(protocol::isoTimestamp(lastPushMs)) : QJsonValue()},
            {u"last_error"_qs, lastError},
            {u"buffered"_qs, double(buffered)},
            {u"buffered_bytes"_qs, double(bufferedBytes)},
            {u"oldest_buffered"_qs, oldestMs > 0 ? QJsonValue(protocol::isoTimestamp(oldestMs)) : QJsonValue()},
            {u"dropped"_qs, double(dropped)},
            {u"pushed"_qs, double(pushed)}};
}

class AgentLink::Worker final : public QObject {
public:
    Worker(AgentLink *owner, Options options) : m_owner(owner), m_options(std::move(options)) {}
    ~Worker() override
    {
        if (m_reply) {
            m_reply->abort();
            delete m_reply;
        }
        closeDatabase(Connection);
    }

    bool open(QString *error)
    {
        DatabaseUrl url;
        url.kind = DatabaseUrl::Kind::Sqlite;
        url.path = m_options.bufferPath;
        if (!openDatabase(url, Connection, false, error))
            return false;
        QSqlQuery q(db());
        for (const QString &statement :
             {u"CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, "
              "data TEXT NOT NULL, bytes INTEGER NOT NULL, at INTEGER NOT NULL)"_qs,
              u"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_qs,
              u"INSERT OR IGNORE INTO meta (key, value) VALUES ('buffer_id', '%1')"_qs.arg(QUuid::createUuid().toString(QUuid::WithoutBraces)),
              u"INSERT OR IGNORE INTO meta (key, value) VALUES ('dropped', '0')"_qs}) {
            if (!q.exec(statement)) {
                *error = QStringLiteral("%1: %2").arg(m_options.bufferPath, q.lastError().text());
                return false;
            }
        }
        if (!q.exec(u"SELECT key, value FROM meta"_qs)) {
            *error = QStringLiteral("%1: %2").arg(m_options.bufferPath, q.lastError().text());
            return false;
        }
        while (q.next()) {
            if (q.value(0).toString() == u"buffer_id"_qs)
                m_bufferId = q.value(1).toString();
            else if (q.value(0).toString() == u"dropped"_qs)
                m_dropped = q.value(1).toLongLong();
        }
        if (!count(error))
            return false;
        m_nam = new QNetworkAccessManager(this);
        m_nam->setAutoDeleteReplies(false);
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &Worker::push);
        publish();
        schedule(0);
        return true;
    }

    void append(const QString &kind, const QByteArray &data)
    {
        QSqlQuery q(db());
        q.prepare(u"INSERT INTO entries (kind, data, bytes, at) VALUES (?, ?, ?, ?)"_qs);
        q.addBindValue(kind);
        q.addBindValue(QString::fromUtf8(data));
        q.addBindValue(qint64(data.size()));
        q.addBindValue(nowMs());
        if (!q.exec()) {
            // The buffer cannot take it (disk full, file gone): the entry is lost, and counted.
            ++m_dropped;
            saveDropped();
            setError(QStringLiteral("the agent buffer refused an entry: %1").arg(q.lastError().text()));
            return;
        }
        ++m_buffered;
        m_bytes += data.size();
        if (m_oldestMs == 0)
            m_oldestMs = nowMs();
        trim();
        publish();
        if (!m_reply && !m_timer->isActive())
            schedule(m_failures > 0 ? backoffMs() : 50); // a few entries together
    }

    void setSummary(const QJsonObject &summary) { m_summary = summary; }

private:
    static constexpr QLatin1StringView Connection{"agent-buffer"};
    QSqlDatabase db() const { return QSqlDatabase::database(Connection, false); }

    bool count(QString *error)
    {
        QSqlQuery q(db());
        if (!q.exec(u"SELECT COUNT(*), COALESCE(SUM(bytes), 0), COALESCE(MIN(at), 0) FROM entries"_qs) || !q.next()) {
            *error = q.lastError().text();
            return false;
        }
        m_buffered = q.value(0).toLongLong();
        m_bytes = q.value(1).toLongLong();
        m_oldestMs = q.value(2).toLongLong();
        return true;
    }

    // Past the bound, the oldest entries go (the newest figures matter most), counted.
    void trim()
    {
        if (m_bytes <= m_options.maxBufferBytes)
            return;
        const qint64 droppedBefore = m_dropped;
        QSqlQuery q(db());
        while (m_bytes > m_options.maxBufferBytes && m_buffered > 1) {
            if (!q.exec(u"SELECT seq, bytes FROM entries ORDER BY seq LIMIT 200"_qs))
                break;
            qint64 upTo = 0, freed = 0, n = 0;
            while (q.next() && m_bytes - freed > m_options.maxBufferBytes) {
                upTo = q.value(0).toLongLong();
                freed += q.value(1).toLongLong();
                ++n;
            }
            q.finish();
            if (upTo == 0 || (m_reply && upTo >= m_inFlightFirst))
                break; // not under a push on its way: its answer deletes those
            QSqlQuery del(db());
            del.prepare(u"DELETE FROM entries WHERE seq <= ?"_qs);
            del.addBindValue(upTo);
            if (!del.exec())
                break;
            m_dropped += n;
            m_buffered -= n;
            m_bytes -= freed;
        }
        if (m_dropped == droppedBefore)
            return;
        saveDropped();
        QString ignored;
        count(&ignored);
        if (!m_trimWarned.isValid() || m_trimWarned.elapsed() > 60000) {
            qCWarning(lcOps).noquote() << "agent buffer full (" << m_options.maxBufferBytes / (1024 * 1024)
                                       << "MiB): dropped the oldest entries," << m_dropped << "so far";
            m_trimWarned.start();
        }
    }

    void saveDropped()
    {
        QSqlQuery q(db());
        q.prepare(u"UPDATE meta SET value = ? WHERE key = 'dropped'"_qs);
        q.addBindValue(QString::number(m_dropped));
        q.exec();
    }

    int backoffMs() const { return std::min(MaxBackoffMs, 1000 << std::min(m_failures - 1, 5)); }
    void schedule(int ms) { m_timer->start(std::max(0, ms)); }

    void push()
    {
        if (m_reply || m_buffered == 0)
            return;
        QSqlQuery q(db());
        q.prepare(u"SELECT seq, kind, data FROM entries ORDER BY seq LIMIT ?"_qs);
        q.addBindValue(m_batchLimit);
        if (!q.exec()) {
            setError(QStringLiteral("reading the agent buffer failed: %1").arg(q.lastError().text()));
            ++m_failures;
            schedule(backoffMs());
            return;
        }
        QJsonArray entries;
        qint64 bytes = 0, first = 0, last = 0;
        while (q.next()) {
            const QByteArray data = q.value(2).toString().toUtf8();
            if (!entries.isEmpty() && bytes + data.size() > m_options.maxBatchBytes)
                break;
            const QJsonDocument doc = QJsonDocument::fromJson(data);
            last = q.value(0).toLongLong();
            if (first == 0)
                first = last;
            entries.append(QJsonObject{{u"seq"_qs, double(last)}, {u"kind"_qs, q.value(1).toString()},
                                       {u"data"_qs, doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object())}});
            bytes += data.size() + 40;
        }
        q.finish();
        if (entries.isEmpty())
            return;
        const QJsonObject body{{u"host"_qs, m_options.host},
                               {u"buffer_id"_qs, m_bufferId},
                               {u"version"_qs, m_options.version},
                               {u"started"_qs, protocol::isoTimestamp(m_options.startedMs)},
                               {u"addresses"_qs, QJsonArray::fromStringList(m_options.addresses)},
                               {u"dropped"_qs, double(m_dropped)},
                               {u"summary"_qs, m_summary},
                               {u"entries"_qs, entries}};
        QNetworkRequest request(m_options.pushUrl);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + m_options.token);
        request.setTransferTimeout(15000);
        // The token goes to the hub named, never on to wherever a redirect points.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        if (m_options.pushUrl.scheme() == u"https"_qs) {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.setProtocol(QSsl::TlsV1_2OrLater);
            if (!m_options.caCertificates.isEmpty())
                tls.setCaCertificates(m_options.caCertificates);
            if (!m_options.clientCertificate.isNull()) {
                tls.setLocalCertificate(m_options.clientCertificate);
                tls.setPrivateKey(m_options.clientKey);
            }
            request.setSslConfiguration(tls);
        }
        m_inFlightFirst = first;
        m_inFlightLast = last;
        m_inFlightCount = int(entries.size());
        m_attemptMs = nowMs();
        m_reply = m_nam->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        // A pinned certificate: accepted when it is the one named, whatever else is wrong with
        // it; and only that one, even when a CA vouches for another (checked once the
        // handshake is done, before the token is sent).
        connect(m_reply, &QNetworkReply::sslErrors, this, [this, reply = m_reply](const QList<QSslError> &errors) {
            if (!m_options.fingerprint.isEmpty()
                && reply->sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha256) == m_options.fingerprint)
                reply->ignoreSslErrors(errors);
        });
        connect(m_reply, &QNetworkReply::encrypted, this, [this, reply = m_reply] {
            if (!m_options.fingerprint.isEmpty()
                && reply->sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha256) != m_options.fingerprint) {
                m_pinRefused = true;
                reply->abort();
            }
        });
        connect(m_reply, &QNetworkReply::finished, this, &Worker::answered);
    }

    void answered()
    {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll().left(64 * 1024);
        const QJsonObject result = QJsonDocument::fromJson(answer).object();
        if (status == 200 && result.value(u"ok"_qs).toBool()) {
            const qint64 acked = whole(result.value(u"data"_qs).toObject().value(u"acked"_qs));
            QSqlQuery del(db());
            del.prepare(u"DELETE FROM entries WHERE seq <= ?"_qs);
            del.addBindValue(std::min(acked, m_inFlightLast));
            if (!del.exec()) {
                setError(QStringLiteral("the agent buffer could not drop what the hub holds: %1").arg(del.lastError().text()));
                ++m_failures;
                schedule(backoffMs());
                return;
            }
            QString ignored;
            const qint64 before = m_buffered;
            count(&ignored);
            m_pushed += before - m_buffered;
            m_failures = 0;
            m_batchLimit = MaxEntriesPerPush;
            m_connected = true;
            m_lastPushMs = nowMs();
            m_lastError.clear();
            publish();
            if (m_buffered > 0)
                schedule(0); // a backlog (an outage's) goes at once, batch after batch
            return;
        }
        m_connected = false;
        const QJsonObject error = result.value(u"error"_qs).toObject();
        QString why = error.value(u"message"_qs).toString().left(300);
        if (why.isEmpty())
            why = reply->errorString().left(300);
        if (std::exchange(m_pinRefused, false))
            why = QStringLiteral("the hub presented a certificate other than the one pinned (hub_fingerprint); nothing was sent");
        const qint64 refused = error.value(u"key"_qs).toString() == u"error.agent_entry_refused"_qs
                                   ? whole(error.value(u"params"_qs).toObject().value(u"seq"_qs))
                                   : 0;
        if (status == 400 && refused >= m_inFlightFirst && refused <= m_inFlightLast) {
            // The hub names an entry it will never take (a figure it finds invalid): without
            // dropping it, nothing after it would arrive. That entry alone goes, counted.
            schedule(dropEntry(refused, QStringLiteral("the hub refused it: ") + why) ? 0 : backoffMs());
            return;
        }
        if (status == 413 && m_inFlightCount > 1) {
            m_batchLimit = std::max(1, m_inFlightCount / 2); // smaller batches until they fit
            schedule(0);
            return;
        }
        if (status == 413) {
            schedule(dropEntry(m_inFlightFirst, QStringLiteral("larger than the hub takes in one push")) ? 0 : backoffMs());
            return;
        }
        // Anything else (the hub away, its store busy, a fault of the whole push, a token it
        // refuses): everything stays buffered; tried again, 1 s doubling to 30 s.
        ++m_failures;
        setError(status > 0 ? QStringLiteral("the hub answered HTTP %1: %2").arg(status).arg(why)
                            : QStringLiteral("cannot reach the hub: %1").arg(why));
        schedule(backoffMs());
    }

    // False when the buffer would not let it go (the caller backs off).
    bool dropEntry(qint64 seq, const QString &why)
    {
        QSqlQuery del(db());
        del.prepare(u"DELETE FROM entries WHERE seq = ?"_qs);
        del.addBindValue(seq);
        if (!del.exec() || del.numRowsAffected() != 1) {
            ++m_failures;
            setError(QStringLiteral("the agent buffer could not drop entry %1: %2").arg(seq).arg(del.lastError().text()));
            return false;
        }
        ++m_dropped;
        saveDropped();
        QString ignored;
        count(&ignored);
        // Said once a minute at most: each warning is a log line for the buffer too.
        if (!m_dropWarned.isValid() || m_dropWarned.elapsed() > 60000) {
            qCWarning(lcOps).noquote() << "agent buffer entry" << seq << "dropped:" << why << "(" << m_dropped << "dropped so far)";
            m_dropWarned.start();
        }
        m_lastError = QStringLiteral("entry %1 dropped: %2").arg(seq).arg(why);
        publish();
        return true;
    }

    void setError(const QString &error)
    {
        if (error != m_lastError)
            qCWarning(lcOps).noquote() << "agent:" << error;
        m_lastError = error;
        publish();
    }

    void publish()
    {
        {
            QMutexLocker lock(&m_owner->m_mutex);
            Status &s = m_owner->m_status;
            s.hub = m_options.pushUrl.toString(QUrl::RemovePath);
            s.connected = m_connected;
            s.lastPushMs = m_lastPushMs;
            s.lastAttemptMs = m_attemptMs;
            s.lastError = m_lastError;
            s.buffered = m_buffered;
            s.bufferedBytes = m_bytes;
            s.oldestMs = m_buffered > 0 ? m_oldestMs : 0;
            s.dropped = m_dropped;
            s.pushed = m_pushed;
        }
        Q_EMIT m_owner->statusChanged();
    }

    AgentLink *m_owner;
    Options m_options;
    QString m_bufferId;
    QNetworkAccessManager *m_nam = nullptr;
    QTimer *m_timer = nullptr;
    QNetworkReply *m_reply = nullptr;
    QJsonObject m_summary;
    qint64 m_buffered = 0, m_bytes = 0, m_oldestMs = 0, m_dropped = 0, m_pushed = 0;
    qint64 m_inFlightFirst = 0, m_inFlightLast = 0;
    int m_inFlightCount = 0;
    int m_batchLimit = MaxEntriesPerPush;
    int m_failures = 0;
    bool m_connected = false;
    qint64 m_lastPushMs = 0, m_attemptMs = 0;
    QString m_lastError;
    QElapsedTimer m_dropWarned, m_trimWarned;
    bool m_pinRefused = false;
};

AgentLink::AgentLink(Options options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    m_thread.setObjectName(u"agent-link"_qs);
}

AgentLink::~AgentLink()
{
    if (m_worker) {
        QMetaObject::invokeMethod(m_worker, [w = m_worker] { delete w; }, Qt::BlockingQueuedConnection);
        m_worker = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
}

std::optional<QUrl> AgentLink::pushUrlOf(const QString &hubUrl)
{
    QUrl url(hubUrl, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || url.port() <= 0)
        return std::nullopt;
    const QString scheme = url.scheme();
    if (scheme == u"wss"_qs || scheme == u"https"_qs)
        url.setScheme(u"https"_qs);
    else if (scheme == u"ws"_qs || scheme == u"http"_qs)
        url.setScheme(u"http"_qs);
    else
        return std::nullopt;
    url.setPath(u"/api/v1/agent/push"_qs);
    return url;
}

bool AgentLink::start(QString *error)
{
    m_worker = new Worker(this, m_options);
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    bool ok = false;
    // At startup, before the daemon serves anything: the buffer is opened (and counted) once.
    QMetaObject::invokeMethod(m_worker, [&] { ok = m_worker->open(error); }, Qt::BlockingQueuedConnection);
    return ok;
}

void AgentLink::addSample(const protocol::MetricsSample &sample)
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, data = QJsonDocument(sample.toJson()).toJson(QJsonDocument::Compact)] {
        w->append(u"sample"_qs, data);
    });
}

void AgentLink::setSummary(const QJsonObject &summary)
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker, summary] { w->setSummary(summary); });
}

void AgentLink::setHealth(const QJsonObject &report)
{
    if (!m_worker || report == m_lastHealth)
        return;
    m_lastHealth = report;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, data = QJsonDocument(report).toJson(QJsonDocument::Compact)] {
        w->append(u"health"_qs, data);
    });
}

void AgentLink::addLogs(const QList<LogStore::Row> &rows)
{
    if (!m_worker || rows.isEmpty())
        return;
    // Entries of at most 256 KiB and 5,000 lines, so any entry fits in one push.
    QList<QByteArray> chunks;
    QJsonArray lines;
    qint64 bytes = 0;
    auto flush = [&] {
        if (!lines.isEmpty())
            chunks.append(QJsonDocument(lines).toJson(QJsonDocument::Compact));
        lines = QJsonArray();
        bytes = 0;
    };
    for (const LogStore::Row &r : rows) {
        const qint64 size = r.message.size() + r.extra.size() + r.logger.size() + r.source.size() + 80;
        if (!lines.isEmpty() && (bytes + size > MaxLogEntryBytes || lines.size() >= 5000))
            flush();
        lines.append(QJsonObject{{u"ts"_qs, double(r.ts)}, {u"level"_qs, r.level}, {u"logger"_qs, r.logger},
                                 {u"message"_qs, r.message}, {u"extra"_qs, r.extra}, {u"source"_qs, r.source}});
        bytes += size;
    }
    flush();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, chunks] {
        for (const QByteArray &c : chunks)
            w->append(u"logs"_qs, c);
    });
}

AgentLink::Status AgentLink::status() const
{
    QMutexLocker lock(&m_mutex);
    return m_status;
}
