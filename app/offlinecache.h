#pragma once

#include "server/protocol/audit.h"

#include <QObject>
#include <QString>
#include <functional>

class OpsClient;

// A local SQLite mirror of the audit log, filled incrementally with audit.since, so the Audit
// page can be browsed and searched when the daemon cannot be reached. Rows keep their digests
// and hashes; the mirror checks that each new row continues the chain it already has.
class OfflineCache final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OfflineCache)
public:
    explicit OfflineCache(QString path, QObject *parent = nullptr);
    ~OfflineCache() override;

    bool open(QString *error);
    // Fetches what is new since the last row held; calls done(rowsAdded, error).
    void sync(OpsClient *client, std::function<void(int added, const QString &error)> done);

    struct Filter {
        QString userId, action, resource; // resource matches type or id
        qint64 fromMs = -1, toMs = -1;
        qint64 beforeSeq = 0;
        int limit = 200;
    };
    QList<protocol::AuditEntry> query(const Filter &filter) const;
    qint64 lastSeq() const;
    qint64 syncedAtMs() const;
    // Adds rows that continue the chain; false (and nothing added) when one does not.
    bool add(const QList<protocol::AuditEntry> &rows, QString *error);

private:
    void fetchMore(OpsClient *client, int addedSoFar, std::function<void(int, const QString &)> done);

    QString m_path;
    QString m_connection;
};
