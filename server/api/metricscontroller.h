#pragma once

#include "server/api/apicontroller.h"

// The current sample and the metrics history.
class MetricsController final : public ApiController {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricsController)
public:
    explicit MetricsController(const ApiServices &services, QObject *parent = nullptr);

private:
    QFuture<CommandOutcome> metricsCurrent(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> metricsHistory(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> metricsWatch(const CommandContext &, const protocol::Request &request);
};
