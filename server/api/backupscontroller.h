#pragma once

#include "server/api/apicontroller.h"

// Backups, restores and the schedule.
class BackupsController final : public ApiController {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupsController)
public:
    explicit BackupsController(const ApiServices &services, QObject *parent = nullptr);

private:
    QFuture<CommandOutcome> backupsList(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> backupJob(const CommandContext &context, const protocol::Request &request);
    QFuture<CommandOutcome> backupCancel(const CommandContext &context, const protocol::Request &request);
    QFuture<CommandOutcome> scheduleCommand(const CommandContext &context, const protocol::Request &request);
};
