#pragma once

#include "server/api/apicontroller.h"

// Reading and exporting the audit log.
class AuditController final : public ApiController {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditController)
public:
    explicit AuditController(const ApiServices &services, QObject *parent = nullptr);

private:
    QFuture<CommandOutcome> auditQuery(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> auditSince(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> auditExport(const CommandContext &context, const protocol::Request &request);
};
