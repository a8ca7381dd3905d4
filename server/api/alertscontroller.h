#pragma once

#include "server/api/apicontroller.h"

// Alerts, alert rules, silences and the notification status.
class AlertsController final : public ApiController {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsController)
public:
    explicit AlertsController(const ApiServices &services, QObject *parent = nullptr);

private:
    QFuture<CommandOutcome> alertsList(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> alertChange(const CommandContext &context, const protocol::Request &request);
    QFuture<CommandOutcome> alertRules(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> alertRuleChange(const CommandContext &context, const protocol::Request &request);
    QFuture<CommandOutcome> silences(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> silenceChange(const CommandContext &context, const protocol::Request &request);
    QFuture<CommandOutcome> notifyStatus(const CommandContext &, const protocol::Request &request);
};
