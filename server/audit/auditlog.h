#pragma once

#include "server/core/clock.h"
#include "server/protocol/audit.h"
#include "server/storage/opsstore.h"

#include <QJsonObject>
#include <QString>

// Who did what: one row per human action, with the ticket's fields. Rows are only ever
// appended; nothing in the daemon updates or deletes them.
class AuditLog final {
    Q_DISABLE_COPY_MOVE(AuditLog)
public:
    AuditLog(OpsStore *store, const Clock *clock) : m_store(store), m_clock(clock) {}

    struct Actor {
        QString userId; // empty for an action by someone not (yet) known, e.g. a failed login
        QString ipAddress;
        QString userAgent;
    };

    bool record(const Actor &actor, const QString &action, const QString &resourceType, const QString &resourceId,
                const QJsonObject &details = {});

private:
    OpsStore *m_store;
    const Clock *m_clock;
};
