#include "server/api/logscontroller.h"

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

LogsController::LogsController(const ApiServices &services, QObject *parent)
    : ApiController(services, parent)
{
    using namespace protocol::Type;
    add(QLatin1StringView("logs.search"), false, Role::Viewer, &LogsController::logsSearch);
    add(QLatin1StringView("logs.analysis"), false, Role::Viewer, &LogsController::logsAnalysis);
}

std::optional<LogQuery> LogsController::parseLogQuery(const protocol::Request &request, protocol::Result *failure) const
{
    LogQuery::Error error;
    const QString text = request.data.value(u"query"_qs).toString();
    auto query = LogQuery::parse(text, m_s.auth->clock()->nowMs(), &error);
    if (!query) {
        *failure = Result::failure(request.id, Error::BadRequest,
                                   QStringLiteral("query error at character %1: %2").arg(error.position + 1).arg(error.message));
        failure->error.key = error.key;
        failure->error.params = error.params;
        return query;
    }
    // One host's lines (the fleet's name), as host: in the query does.
    const QString host = request.data.value(u"host"_qs).toString().left(200);
    if (!host.isEmpty())
        query->hosts.append(host);
    return query;
}

QFuture<CommandOutcome> LogsController::logsSearch(const CommandContext &, const protocol::Request &request)
{
    if (!m_s.logs)
        return fail(request, Error::NotFound, QStringLiteral("no log store"));
    Result failure;
    const auto query = parseLogQuery(request, &failure);
    if (!query)
        return ready(failure);
    const int limit = qBound(1, request.data.value(u"limit"_qs).toInt(100), 1000);
    const qint64 beforeId = qint64(request.data.value(u"before_id"_qs).toDouble(0));
    return readStore(request, [id = request.id, query = *query, limit, beforeId](const LogStore *logs, OpsStore &store) {
        QString error;
        const QueryBudget budget(store.database(), store.isPostgres(), logs->limits().queryBudgetMs);
        const LogStore::Page page = logs->search(query, limit, beforeId, &error);
        if (budget.expired(!error.isEmpty()))
            return Result::failure(id, Error::TooLarge, budget.message());
        if (!error.isEmpty())
            return Result::failure(id, Error::Internal, QStringLiteral("searching the logs failed"));
        return Result::success(id, {{u"rows"_qs, page.rows}, {u"next_before_id"_qs, double(page.nextBeforeId)}});
    });
}

QFuture<CommandOutcome> LogsController::logsAnalysis(const CommandContext &, const protocol::Request &request)
{
    if (!m_s.logs)
        return fail(request, Error::NotFound, QStringLiteral("no log store"));
    Result failure;
    auto query = parseLogQuery(request, &failure);
    if (!query)
        return ready(failure);
    const qint64 now = m_s.auth->clock()->nowMs();
    const qint64 to = query->toMs >= 0 ? query->toMs : now;
    const qint64 from = query->fromMs >= 0 ? query->fromMs : to - 3600000;
    const int buckets = request.data.value(u"buckets"_qs).toInt(60);
    const int patternLimit = qBound(1, request.data.value(u"patterns"_qs).toInt(10), 100);
    return readStore(request, [id = request.id, query = *query, from, to, buckets, patternLimit](const LogStore *logs, OpsStore &store) {
        QString error;
        // One budget for the three reads together; the first that fails ends the analysis.
        const QueryBudget budget(store.database(), store.isPostgres(), logs->limits().queryBudgetMs);
        QJsonObject histogram, rate;
        QJsonArray patterns;
        histogram = logs->histogram(query, from, to, buckets, &error);
        if (error.isEmpty())
            patterns = logs->topPatterns(query, patternLimit, &error);
        if (error.isEmpty())
            rate = logs->errorRate(query, from, to, &error);
        if (budget.expired(!error.isEmpty()))
            return Result::failure(id, Error::TooLarge, budget.message());
        if (!error.isEmpty())
            return Result::failure(id, Error::Internal, QStringLiteral("analysing the logs failed"));
        return Result::success(id, {{u"histogram"_qs, histogram}, {u"top_patterns"_qs, patterns}, {u"error_rate"_qs, rate}});
    });
}

QFuture<protocol::Result> LogsController::ingestLogs(const CommandContext &context, const QByteArray &body)
{
    if (const auto refused = refuseBatch(context, body, m_s.logs, QStringLiteral("log ingest")))
        return QtFuture::makeReadyFuture(*refused);
    if (!m_s.logWriter)
        return QtFuture::makeReadyFuture(ingestLogsNow(context, body));
    // Parsed off the event loop and answered once committed: 200 means the lines are stored.
    // Backpressure: a writer that is far behind refuses more, rather than hold it in memory.
    return m_s.logWriter->submit(m_s.logs, body, context.identity->username, m_s.auth->clock()->nowMs())
        .then([](const LogWriter::Outcome &outcome) {
            using Status = LogWriter::Outcome::Status;
            switch (outcome.status) {
            case Status::Stored:
                return Result::success({}, outcome.report.toJson());
            case Status::Malformed:
                return Result::failure({}, Error::BadRequest, outcome.error.left(300));
            case Status::Busy:
                return Result::failure({}, Error::RateLimited, QStringLiteral("the log writer is behind; retry shortly"));
            case Status::Failed:
                break;
            }
            qCWarning(lcOps).noquote() << "storing a log batch failed:" << outcome.error;
            return Result::failure({}, Error::Internal, QStringLiteral("the batch could not be stored"));
        });
}

protocol::Result LogsController::ingestLogsNow(const CommandContext &context, const QByteArray &body)
{
    // Only without a writer thread (tests, the command line): written before the answer.
    QString error;
    const LogStore::IngestReport report = m_s.logs->ingest(body, context.identity->username, m_s.auth->clock()->nowMs(), &error);
    if (report.malformed)
        return Result::failure({}, Error::BadRequest, error.left(300));
    if (!error.isEmpty()) {
        qCWarning(lcOps).noquote() << "storing a log batch failed:" << error;
        return Result::failure({}, Error::Internal, QStringLiteral("the batch could not be stored"));
    }
    return Result::success({}, report.toJson());
}
