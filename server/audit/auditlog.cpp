#include "server/audit/auditlog.h"

#include "server/logging/jsonlogger.h"

bool AuditLog::record(const Actor &actor, const QString &action, const QString &resourceType, const QString &resourceId,
                      const QJsonObject &details)
{
    protocol::AuditEntry entry;
    entry.userId = actor.userId;
    entry.action = action;
    entry.resourceType = resourceType;
    entry.resourceId = resourceId;
    entry.details = details;
    entry.ipAddress = actor.ipAddress;
    entry.userAgent = actor.userAgent.left(512);
    entry.timestampMs = m_clock->nowMs();
    QString error;
    if (!m_store->appendAudit(&entry, &error)) {
        // An action whose audit row is lost must be visible to operators.
        qCCritical(lcOps).noquote() << "audit write failed for" << action << ":" << error;
        return false;
    }
    return true;
}
