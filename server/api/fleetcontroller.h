#pragma once

#include "server/api/apicontroller.h"

// The fleet: which hosts share this daemon's store, which leads, which are down.
class FleetController final : public ApiController {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetController)
public:
    explicit FleetController(const ApiServices &services, QObject *parent = nullptr);
    // POST /api/v1/agent/push (an agent token): the batch is read here, stored on the store
    // thread in one transaction; the answer says which entries the hub holds.
    QFuture<protocol::Result> agentPush(const CommandContext &context, const QByteArray &body);

private:
    QFuture<CommandOutcome> hostsCommand(const CommandContext &, const protocol::Request &request);
};
