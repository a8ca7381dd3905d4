#pragma once

#include "server/api/apicontroller.h"

// Sign-in and who may sign in: login, auth, logout, ping, users and API tokens.
class AuthController final : public ApiController {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthController)
public:
    explicit AuthController(const ApiServices &services, QObject *parent = nullptr);

Q_SIGNALS:
    void tokenRevoked(const QString &tokenId);

private:
    QFuture<CommandOutcome> login(const CommandContext &context, const protocol::Request &request);
    QFuture<CommandOutcome> authenticate(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> logout(const CommandContext &context, const protocol::Request &request);
    QFuture<CommandOutcome> userList(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> userAdd(const CommandContext &context, const protocol::Request &request);
    QFuture<CommandOutcome> tokenCreate(const CommandContext &context, const protocol::Request &request);
    QFuture<CommandOutcome> tokenList(const CommandContext &, const protocol::Request &request);
    QFuture<CommandOutcome> tokenRevoke(const CommandContext &context, const protocol::Request &request);
};
