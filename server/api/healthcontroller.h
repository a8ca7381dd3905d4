#pragma once

#include "server/api/apicontroller.h"

// Health checks, the performance monitor (with POST /api/v1/requests) and diagnosis.
class HealthController final : public ApiController {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthController)
public:
    explicit HealthController(const ApiServices &services, QObject *parent = nullptr);
    QFuture<protocol::Result> ingestRequests(const CommandContext &context, const QByteArray &body);

private:
    protocol::Result ingestRequestsNow(const CommandContext &context, const QByteArray &body);
    QFuture<CommandOutcome> healthCommand(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> remoteReport(const protocol::Request &request, const HostChoice &choice);
    QFuture<CommandOutcome> diagnoseCommand(const CommandContext &, const protocol::Request &request);
};
