#pragma once

#include "server/api/apicontroller.h"

// The fleet: which hosts share this daemon's store, which leads, which are down.
class FleetController final : public ApiController {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetController)
public:
    explicit FleetController(const ApiServices &services, QObject *parent = nullptr);

private:
    QFuture<CommandOutcome> hostsCommand(const CommandContext &, const protocol::Request &request);
};
