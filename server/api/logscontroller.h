#pragma once

#include "server/api/apicontroller.h"
#include "server/logging/logquery.h"

// Log search and analysis, and log ingest (POST /api/v1/logs).
class LogsController final : public ApiController {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogsController)
public:
    explicit LogsController(const ApiServices &services, QObject *parent = nullptr);
    QFuture<protocol::Result> ingestLogs(const CommandContext &context, const QByteArray &body);

private:
    std::optional<LogQuery> parseLogQuery(const protocol::Request &request, protocol::Result *failure) const;
    QFuture<CommandOutcome> logsSearch(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> logsAnalysis(const CommandContext &, const protocol::Request &request);
    protocol::Result ingestLogsNow(const CommandContext &context, const QByteArray &body);
};
