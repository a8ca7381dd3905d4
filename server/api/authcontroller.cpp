#include "server/api/authcontroller.h"

#include "server/alerts/alertengine.h"
#include "server/audit/auditlog.h"
#include "server/alerts/escalation.h"
#include "server/backup/backupservice.h"
#include "server/health/diagnosis.h"
#include "server/health/healthservice.h"
#include "server/health/performance.h"
#include "server/schedule/scheduler.h"
#include "server/notify/notifier.h"
#include "server/logging/jsonlogger.h"
#include "server/logging/logstore.h"
#include "server/logging/logwriter.h"
#include "server/logging/querybudget.h"
#include "server/monitoring/metricshistory.h"
#include "server/monitoring/metricshub.h"
#include "server/protocol/metrics.h"
#include "server/protocol/protocol.h"
#include <QDateTime>
#include <QJsonDocument>
#include <QPromise>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUuid>

using protocol::Result;
using protocol::Role;
namespace Error = protocol::Error;

namespace {

QJsonObject identityJson(const Identity &identity, const QString &token = {})
{
    QJsonObject json{{u"user"_qs, identity.username}, {u"role"_qs, protocol::roleName(identity.role)}};
    if (!token.isEmpty())
        json.insert(u"token"_qs, token);
    if (identity.expiresAtMs >= 0)
        json.insert(u"expires_at"_qs, protocol::isoTimestamp(identity.expiresAtMs));
    return json;
}

} // namespace

AuthController::AuthController(const ApiServices &services, QObject *parent)
    : ApiController(services, parent)
{
    using namespace protocol::Type;
    add(Login, true, Role::Viewer, &AuthController::login);
    add(Auth, true, Role::Viewer, &AuthController::authenticate);
    add(Ping, false, Role::Viewer, [](const CommandContext &, const protocol::Request &r) { return ready(Result::success(r.id, {{u"pong"_qs, true}})); });
    add(Logout, false, Role::Viewer, &AuthController::logout);
    add(UserList, false, Role::Admin, &AuthController::userList);
    add(UserAdd, false, Role::Admin, &AuthController::userAdd);
    add(TokenCreate, false, Role::Admin, &AuthController::tokenCreate);
    add(QLatin1StringView("token.list"), false, Role::Admin, &AuthController::tokenList);
    add(TokenRevoke, false, Role::Admin, &AuthController::tokenRevoke);
}

QFuture<CommandOutcome> AuthController::login(const CommandContext &context, const protocol::Request &request)
{
    const QJsonValue user = request.data.value(u"username"_qs);
    const QJsonValue password = request.data.value(u"password"_qs);
    if (!user.isString() || !password.isString() || password.toString().size() > 1024)
        return fail(request, Error::BadRequest, QStringLiteral("login needs data.username and data.password strings"));
    const QString username = user.toString().left(64);
    return m_s.auth->login(username, password.toString(), context.address)
        .then(this, [this, context, request, username](const LoginOutcome &outcome) -> QFuture<CommandOutcome> {
            AuditLog::Actor actor = context.actor();
            if (!outcome.errorCode.isEmpty()) {
                return auditThenAnswer({actor, QStringLiteral("auth.login_failed"), QStringLiteral("user"), username, {{u"reason"_qs, outcome.errorCode}}},
                                       Result::failure(request.id, QLatin1StringView(outcome.errorCode.toLatin1()), outcome.errorMessage));
            }
            actor.userId = outcome.identity.userId;
            return audited(
                request, {actor, QStringLiteral("auth.login"), QStringLiteral("user"), username, {}},
                [request, outcome] {
                    return QtFuture::makeReadyFuture(CommandOutcome{Result::success(request.id, identityJson(outcome.identity, outcome.token)),
                                                                    outcome.identity, false});
                },
                [this, outcome] {
                    // The session's token is never handed out; it is revoked at once.
                    QString ignored;
                    m_s.auth->logout(outcome.identity, &ignored);
                });
        })
        .unwrap();
}

QFuture<CommandOutcome> AuthController::authenticate(const CommandContext &, const protocol::Request &request)
{
    const std::optional<Identity> identity = m_s.auth->authenticate(request.data.value(u"token"_qs).toString());
    if (!identity)
        return fail(request, Error::Unauthorized, QStringLiteral("the token is unknown, revoked or expired"));
    if (!identity->agentHost().isEmpty())
        return fail(request, Error::Forbidden, QStringLiteral("an agent token pushes to /api/v1/agent/push and opens no session"));
    return QtFuture::makeReadyFuture(CommandOutcome{Result::success(request.id, identityJson(*identity)), identity, false});
}

QFuture<CommandOutcome> AuthController::logout(const CommandContext &context, const protocol::Request &request)
{
    return audited(request, {context.actor(), QStringLiteral("auth.logout"), QStringLiteral("user"), context.identity->username, {}},
                   [this, context, request] {
                       QString error;
                       if (context.identity->kind == QLatin1StringView("session") && !m_s.auth->logout(*context.identity, &error))
                           return auditThenAnswer({context.actor(), QStringLiteral("auth.logout_failed"), QStringLiteral("user"),
                                                   context.identity->username, {{u"reason"_qs, u"internal"_qs}}},
                                                  Result::failure(request.id, Error::Internal, error));
                       return QtFuture::makeReadyFuture(CommandOutcome{Result::success(request.id), std::nullopt, true});
                   });
}

QFuture<CommandOutcome> AuthController::userList(const CommandContext &, const protocol::Request &request)
{
    QString error;
    QJsonArray users;
    for (const UserRecord &u : m_s.auth->store()->users(&error))
        users.append(QJsonObject{{u"username"_qs, u.username}, {u"role"_qs, protocol::roleName(u.role)},
                                 {u"created_at"_qs, protocol::isoTimestamp(u.createdAtMs)}, {u"disabled"_qs, u.disabled}});
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading users failed"));
    return ready(Result::success(request.id, {{u"users"_qs, users}}));
}

QFuture<CommandOutcome> AuthController::userAdd(const CommandContext &context, const protocol::Request &request)
{
    const QString username = request.data.value(u"username"_qs).toString();
    Role role;
    if (!protocol::parseRole(request.data.value(u"role"_qs).toString(), &role))
        return fail(request, Error::BadRequest, QStringLiteral("data.role must be viewer, operator or admin"));
    QString lookupError;
    if (m_s.auth->store()->userByName(username, &lookupError))
        return fail(request, Error::Conflict, QStringLiteral("a user named \"%1\" exists").arg(username.left(64)));
    // Audited before the user exists; an attempt that fails after that is audited as such.
    const QString password = request.data.value(u"password"_qs).toString();
    return audited(request, {context.actor(), QStringLiteral("user.add"), QStringLiteral("user"), username, {{u"role"_qs, protocol::roleName(role)}}},
                   [this, context, request, username, role, password] {
                       return m_s.auth->addUser(username, password, role)
                           .then(this, [this, context, request, username](const protocol::ErrorInfo &error) {
                               if (!error.code.isEmpty())
                                   return auditThenAnswer({context.actor(), QStringLiteral("user.add_failed"), QStringLiteral("user"), username,
                                                           {{u"reason"_qs, error.code}}},
                                                          Result::failure(request.id, QLatin1StringView(error.code.toLatin1()), error.message));
                               return ready(Result::success(request.id, {{u"username"_qs, username}}));
                           })
                           .unwrap();
                   });
}

QFuture<CommandOutcome> AuthController::tokenCreate(const CommandContext &context, const protocol::Request &request)
{
    const QString name = request.data.value(u"name"_qs).toString();
    const QString user = request.data.value(u"username"_qs).toString(context.identity->username);
    Role role;
    if (name.isEmpty() || name.size() > 100)
        return fail(request, Error::BadRequest, QStringLiteral("data.name must be 1-100 characters"));
    if (!protocol::parseRole(request.data.value(u"role"_qs).toString(), &role))
        return fail(request, Error::BadRequest, QStringLiteral("data.role must be viewer, operator or admin"));
    qint64 expires = -1;
    if (request.data.contains(u"expires_at"_qs)) {
        expires = protocol::parseIsoTimestamp(request.data.value(u"expires_at"_qs).toString());
        if (expires < 0)
            return fail(request, Error::BadRequest, QStringLiteral("data.expires_at must be an ISO-8601 time"));
    }
    QString tokenId, code, error;
    const std::optional<QString> token = m_s.auth->createApiToken(user, name, role, expires, &tokenId, &code, &error);
    if (!token)
        return fail(request, QLatin1StringView(code.toLatin1()), error);
    // Its id is made with it: the row follows, and a token whose row cannot be written is
    // revoked before anyone has seen it.
    return audited(
        request, {context.actor(), QStringLiteral("token.create"), QStringLiteral("token"), tokenId,
                  {{u"name"_qs, name}, {u"username"_qs, user}, {u"role"_qs, protocol::roleName(role)}}},
        [request, tokenId, token = *token, role] {
            return ready(Result::success(request.id, {{u"id"_qs, tokenId}, {u"token"_qs, token}, {u"role"_qs, protocol::roleName(role)}}));
        },
        [this, tokenId] {
            QString ignored;
            m_s.auth->revokeToken(tokenId, &ignored);
        });
}

QFuture<CommandOutcome> AuthController::tokenList(const CommandContext &, const protocol::Request &request)
{
    QString error;
    QJsonArray tokens;
    for (const TokenRecord &t : m_s.auth->store()->apiTokens(&error)) {
        tokens.append(QJsonObject{{u"id"_qs, t.id}, {u"name"_qs, t.name}, {u"username"_qs, t.username},
                                  {u"role"_qs, protocol::roleName(t.role)},
                                  {u"created_at"_qs, protocol::isoTimestamp(t.createdAtMs)},
                                  {u"expires_at"_qs, t.expiresAtMs < 0 ? QJsonValue() : QJsonValue(protocol::isoTimestamp(t.expiresAtMs))},
                                  {u"revoked"_qs, t.revoked},
                                  {u"scope"_qs, t.scope}});
    }
    if (!error.isEmpty())
        return fail(request, Error::Internal, QStringLiteral("reading tokens failed"));
    return ready(Result::success(request.id, {{u"tokens"_qs, tokens}}));
}

QFuture<CommandOutcome> AuthController::tokenRevoke(const CommandContext &context, const protocol::Request &request)
{
    const QString id = request.data.value(u"id"_qs).toString();
    if (id.isEmpty())
        return fail(request, Error::BadRequest, QStringLiteral("data.id is required"));
    return audited(request, {context.actor(), QStringLiteral("token.revoke"), QStringLiteral("token"), id, {}}, [this, context, request, id] {
        QString error;
        if (!m_s.auth->revokeToken(id, &error)) {
            return auditThenAnswer({context.actor(), QStringLiteral("token.revoke_failed"), QStringLiteral("token"), id, {{u"reason"_qs, u"not_found"_qs}}},
                                   Result::failure(request.id, Error::NotFound, QStringLiteral("no such token")));
        }
        Q_EMIT tokenRevoked(id);
        return ready(Result::success(request.id, {{u"id"_qs, id}}));
    });
}
