#include "server/cli.h"

#include "server/storage/sqlfiles.h"
#include "server/protocol/messagecatalogue.h"

#include "server/audit/auditlog.h"
#include "server/backup/backupservice.h"
#include "server/auth/authservice.h"
#include "server/daemon.h"
#include "server/logging/jsonlogger.h"
#include "server/storage/opsstore.h"
#include "server/protocol/protocol.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <atomic>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSqlError>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSocketNotifier>
#include "server/api/opsserver.h"
#include "server/api/tlscontext.h"
#include <fcntl.h>
#include <QStandardPaths>
#include <csignal>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace {

enum ExitCode { Ok = 0, Failed = 1, Usage = 2 };

void printErr(const QString &text)
{
    std::fprintf(stderr, "formauto-opsd: %s\n", qPrintable(text));
}

QString defaultDataDir()
{
    if (::geteuid() == 0)
        return QStringLiteral("/var/lib/formauto-ops");
    QString state = qEnvironmentVariable("XDG_STATE_HOME");
    if (state.isEmpty())
        state = QDir::homePath() + QStringLiteral("/.local/state");
    return state + QStringLiteral("/formauto-ops");
}

QString readPassword(const QString &prompt)
{
    if (::isatty(STDIN_FILENO)) {
        std::fprintf(stderr, "%s", qPrintable(prompt));
        termios old{};
        tcgetattr(STDIN_FILENO, &old);
        termios silent = old;
        silent.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
        char buffer[1100] = {};
        const bool ok = std::fgets(buffer, sizeof buffer, stdin) != nullptr;
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fprintf(stderr, "\n");
        return ok ? QString::fromUtf8(buffer).chopped(QByteArrayView(buffer).endsWith("\n") ? 1 : 0) : QString();
    }
    char buffer[1100] = {};
    if (!std::fgets(buffer, sizeof buffer, stdin))
        return {};
    QString line = QString::fromUtf8(buffer);
    while (line.endsWith(u'\n') || line.endsWith(u'\r'))
        line.chop(1);
    return line;
}

int signalPipe[2] = {-1, -1};

void onSignal(int signal)
{
    const char c = char(signal);
    [[maybe_unused]] const ssize_t n = ::write(signalPipe[1], &c, 1);
}

struct Common {
    Config config;
    bool demo = false;
};

// Options every form accepts; returns Usage on error after printing it.
int parseCommon(QCommandLineParser &parser, const QStringList &arguments, Common *out)
{
    const QCommandLineOption configOption(QStringLiteral("config"), QStringLiteral("Configuration file (TOML)."), QStringLiteral("FILE"));
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"), QStringLiteral("Data directory."), QStringLiteral("DIR"));
    const QCommandLineOption listenOption(QStringLiteral("listen"), QStringLiteral("HTTP and WebSocket address."), QStringLiteral("HOST:PORT"));
    const QCommandLineOption demoOption(QStringLiteral("demo"), QStringLiteral("Run on a generated formauto task workload."));
    const QCommandLineOption printConfigOption(QStringLiteral("print-default-config"), QStringLiteral("Print the commented default configuration."));
    const QCommandLineOption checkConfigOption(QStringLiteral("check-config"), QStringLiteral("Validate the configuration and exit."));
    parser.addOptions({configOption, dataDirOption, listenOption, demoOption, printConfigOption, checkConfigOption});
    parser.addHelpOption();
    parser.addVersionOption();
    if (!parser.parse(arguments)) {
        printErr(parser.errorText());
        return Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fprintf(stdout, "%s\nSubcommands:\n"
                             "  user add NAME --role viewer|operator|admin   (password from the terminal or stdin)\n"
                             "  user list\n"
                             "  token create NAME --role ROLE [--user USER]  (prints the token once)\n"
                             "  audit verify                                 (exit 1 and the first bad row when tampered)\n"
                             "  audit export --out FILE                      (signed bundle, checkable offline)\n"
                             "  backup create                                (prints the archive's path)\n"
                             "  backup list\n"
                             "  backup verify NAME|FILE                      (exit 1 when a checksum does not match)\n"
                             "  backup restore NAME|FILE [--dry-run] [--yes] (a safety backup first; rolls back on failure)\n"
                             "  fleet join                                   (checks this host can join the fleet on [store] url)\n"
                             "  fleet hosts                                  (the fleet's hosts, up or down, and its leader)\n"
                             "  fleet agent-token HOST                       (on the hub: a token for agent HOST, printed once)\n",
                     qPrintable(parser.helpText()));
        std::exit(Ok);
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::fprintf(stdout, "formauto-opsd %s\n", qPrintable(QCoreApplication::applicationVersion()));
        std::exit(Ok);
    }
    if (parser.isSet(printConfigOption)) {
        const QByteArray text = Config::defaultConfigText();
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        std::exit(Ok);
    }
    QString error;
    if (parser.isSet(configOption)) {
        auto config = Config::load(parser.value(configOption), &error);
        if (!config) {
            printErr(error);
            return Usage;
        }
        out->config = *config;
    }
    out->config.dataDir = parser.isSet(dataDirOption) ? parser.value(dataDirOption) : defaultDataDir();
    out->config.dataDir = QDir(out->config.dataDir).absolutePath();
    if (parser.isSet(listenOption)) {
        const QString listen = parser.value(listenOption);
        const qsizetype colon = listen.lastIndexOf(u':');
        bool ok = false;
        const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&ok) : 0;
        if (!ok || port > 65535) {
            printErr(QStringLiteral("--listen expects HOST:PORT, got \"%1\"").arg(listen));
            return Usage;
        }
        QString host = listen.left(colon);
        if (host.startsWith(u'[') && host.endsWith(u']'))
            host = host.mid(1, host.size() - 2);
        out->config.server.host = host;
        out->config.server.port = quint16(port);
    }
    out->demo = parser.isSet(demoOption);
    if (parser.isSet(checkConfigOption)) {
        std::fprintf(stdout, "configuration OK\n");
        std::exit(Ok);
    }
    return Ok;
}

int runDaemon(const Common &common)
{
    QString error;
    if (!JsonLogger::install(common.config.log.file, common.config.log.level, &error)) {
        printErr(error);
        return Usage;
    }
    if (::pipe2(signalPipe, O_CLOEXEC) == 0) {
        std::signal(SIGTERM, onSignal);
        std::signal(SIGINT, onSignal);
        std::signal(SIGHUP, onSignal);
    }
    std::signal(SIGPIPE, SIG_IGN);
    Daemon daemon(common.config, common.demo, SystemClock::instance());
    if (signalPipe[0] >= 0) {
        auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, qApp);
        QObject::connect(notifier, &QSocketNotifier::activated, qApp, [&daemon] {
            char c = 0;
            if (::read(signalPipe[0], &c, 1) != 1)
                return;
            if (c != SIGHUP) {
                QCoreApplication::quit();
                return;
            }
            // SIGHUP: a rotated certificate and key, read again without dropping anyone.
            QString why;
            if (daemon.server() && daemon.server()->tlsEnabled() && !daemon.server()->reloadTls(&why))
                qCWarning(lcOps).noquote() << "SIGHUP: the TLS certificate was not reloaded:" << why;
        });
    }
    QString password;
    if (!daemon.start(&error, &password)) {
        qCCritical(lcOps).noquote() << "cannot start:" << error;
        return Failed;
    }
    if (!password.isEmpty()) {
        const QString file = QDir(common.config.dataDir).filePath(QStringLiteral("initial-admin-password"));
        // The password goes to a terminal only, never into a log stream.
        if (::isatty(STDOUT_FILENO))
            std::fprintf(stdout, "Created user \"admin\" with password: %s\n(also in %s, mode 0600)\n",
                         qPrintable(password), qPrintable(file));
        JsonLogger::log(QtWarningMsg, "formauto.ops.auth", QStringLiteral("created the initial admin user"),
                        {{u"password_file"_qs, file}});
    }
    const int rc = QCoreApplication::exec();
    daemon.shutdown();
    JsonLogger::log(QtInfoMsg, "formauto.ops", QStringLiteral("formauto-opsd stopped"));
    return rc;
}

int userCommand(const QStringList &args, const Common &common, QCommandLineParser &parser)
{
    QString error;
    std::unique_ptr<OpsStore> store = Daemon::openStore(common.config, &error);
    if (!store) {
        printErr(error);
        return Failed;
    }
    if (!PasswordHasher::initialize()) {
        printErr(QStringLiteral("libsodium failed to initialise"));
        return Failed;
    }
    AuthService auth(store.get(), SystemClock::instance(), common.config.auth);
    const QString verb = args.value(0);
    if (verb == QLatin1StringView("list")) {
        for (const UserRecord &u : store->users(&error))
            std::fprintf(stdout, "%s\t%s%s\n", qPrintable(u.username), qPrintable(protocol::roleName(u.role)),
                         u.disabled ? "\tdisabled" : "");
        return error.isEmpty() ? Ok : Failed;
    }
    if (verb == QLatin1StringView("add") && args.size() == 2) {
        protocol::Role role;
        if (!protocol::parseRole(parser.value(QStringLiteral("role")), &role)) {
            printErr(QStringLiteral("--role must be viewer, operator or admin"));
            return Usage;
        }
        const QString password = readPassword(QStringLiteral("Password for %1: ").arg(args.at(1)));
        if (::isatty(STDIN_FILENO) && readPassword(QStringLiteral("Again: ")) != password) {
            printErr(QStringLiteral("the passwords differ"));
            return Failed;
        }
        if (!auth.addUserBlocking(args.at(1), password, role, &error)) {
            printErr(error);
            return Failed;
        }
        AuditLog audit(store.get(), SystemClock::instance(), common.config.dataDir);
        audit.setHost(Daemon::fleetHost(common.config));
        if (!audit.open(&error) || !audit.record({QString(), QStringLiteral("local"), QStringLiteral("formauto-opsd user add")},
                                                 QStringLiteral("user.add"), QStringLiteral("user"), args.at(1),
                                                 {{u"role"_qs, protocol::roleName(role)}, {u"via"_qs, u"cli"_qs}}))
            printErr(QStringLiteral("warning: the audit log could not record this: %1").arg(error));
        std::fprintf(stdout, "added user %s (%s)\n", qPrintable(args.at(1)), qPrintable(protocol::roleName(role)));
        return Ok;
    }
    printErr(QStringLiteral("usage: formauto-opsd user add NAME --role ROLE | user list"));
    return Usage;
}

// An API token made here, printed once, its creation audited as through the API.
int createToken(const Common &common, const QString &user, const QString &name, protocol::Role role, const QString &scope,
                const QString &command)
{
    QString error, id, code;
    std::unique_ptr<OpsStore> store = Daemon::openStore(common.config, &error);
    if (!store || !PasswordHasher::initialize()) {
        printErr(error);
        return Failed;
    }
    AuthService auth(store.get(), SystemClock::instance(), common.config.auth);
    const std::optional<QString> token = auth.createApiToken(user, name, role, -1, &id, &code, &error, scope);
    if (!token) {
        printErr(error);
        return Failed;
    }
    AuditLog audit(store.get(), SystemClock::instance(), common.config.dataDir);
    audit.setHost(Daemon::fleetHost(common.config));
    QJsonObject details{{u"name"_qs, name}, {u"username"_qs, user}, {u"via"_qs, u"cli"_qs}};
    if (!scope.isEmpty())
        details.insert(u"scope"_qs, scope);
    if (!audit.open(&error) || !audit.record({QString(), QStringLiteral("local"), command}, QStringLiteral("token.create"), QStringLiteral("token"), id,
                                             details))
        printErr(QStringLiteral("warning: the audit log could not record this: %1").arg(error));
    std::fprintf(stdout, "%s\n", qPrintable(*token));
    return Ok;
}

int tokenCommand(const QStringList &args, const Common &common, QCommandLineParser &parser)
{
    if (args.value(0) != QLatin1StringView("create") || args.size() != 2) {
        printErr(QStringLiteral("usage: formauto-opsd token create NAME --role ROLE [--user USER]"));
        return Usage;
    }
    protocol::Role role;
    if (!protocol::parseRole(parser.value(QStringLiteral("role")), &role)) {
        printErr(QStringLiteral("--role must be viewer, operator or admin"));
        return Usage;
    }
    const QString user = parser.isSet(QStringLiteral("user")) ? parser.value(QStringLiteral("user")) : QStringLiteral("admin");
    return createToken(common, user, args.at(1), role, {}, QStringLiteral("formauto-opsd token create"));
}

// A token for one agent: it pushes that host's figures to /api/v1/agent/push and reaches
// nothing else (no session, no command, no other host).
int agentTokenCommand(const QStringList &args, const Common &common)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"));
    if (args.size() != 2 || !name.match(args.at(1)).hasMatch()) {
        printErr(QStringLiteral("usage: formauto-opsd fleet agent-token HOST  (HOST: the agent's [fleet] host, 1 to 63 letters, digits, '.', '-' or '_')"));
        return Usage;
    }
    const QString host = args.at(1);
    if (host == Daemon::fleetHost(common.config)) {
        printErr(QStringLiteral("%1 is this daemon's own host name; an agent needs its own").arg(host));
        return Usage;
    }
    return createToken(common, QStringLiteral("admin"), QStringLiteral("agent ") + host, protocol::Role::Operator,
                       QStringLiteral("agent:") + host, QStringLiteral("formauto-opsd fleet agent-token"));
}

// Every member of a fleet seals the one audit chain with the same key: what `fleet join`
// checks before a new host starts, and what it tells the operator to do when it cannot.
int fleetCommand(const QStringList &args, const Common &common)
{
    const QString verb = args.value(0);
    if (verb == QLatin1StringView("agent-token"))
        return agentTokenCommand(args, common);
    if (verb != QLatin1StringView("join") && verb != QLatin1StringView("hosts")) {
        printErr(QStringLiteral("usage: formauto-opsd fleet join | fleet hosts | fleet agent-token HOST"));
        return Usage;
    }
    QString error;
    std::unique_ptr<OpsStore> store = Daemon::openStore(common.config, &error);
    if (!store) {
        printErr(error);
        return Failed;
    }
    const QString host = Daemon::fleetHost(common.config);
    if (!store->isPostgres()) {
        std::fprintf(stdout, "%s uses its own SQLite store: it is a fleet of one. Members of a fleet share a PostgreSQL "
                             "[store] url.\n", qPrintable(host));
        return verb == QLatin1StringView("hosts") ? Ok : Failed;
    }
    if (verb == QLatin1StringView("hosts")) {
        QSqlQuery now(store->database());
        QSqlQuery leader(store->database());
        QSqlQuery hosts(store->database());
        if (!now.exec(sqlfiles::statement(u"fleet/now"_qs, true)) || !now.next() || !leader.exec(sqlfiles::statement(u"fleet/leader"_qs, true))
            || !hosts.exec(sqlfiles::statement(u"fleet/hosts"_qs, true))) {
            printErr(QStringLiteral("reading the fleet failed: %1%2").arg(now.lastError().text(), hosts.lastError().text()));
            return Failed;
        }
        const qint64 storeNow = now.value(0).toLongLong();
        const QString leaderHost = leader.next() ? leader.value(1).toString() : QString();
        const qint64 downAfterMs = Daemon::fleetDownAfterMs(common.config);
        while (hosts.next()) {
            const qint64 seen = hosts.value(5).toLongLong();
            std::fprintf(stdout, "%-24s %-6s %-4s last seen %s%s\n", qPrintable(hosts.value(0).toString()), qPrintable(hosts.value(1).toString()),
                         storeNow - seen <= downAfterMs ? "up" : "DOWN", qPrintable(protocol::isoTimestamp(seen)),
                         hosts.value(0).toString() == leaderHost ? "  (leader)" : "");
        }
        return Ok;
    }
    const QString keyPath = QDir(common.config.dataDir).filePath(u"audit-hmac.key"_qs);
    QSqlQuery rows(store->database());
    if (!rows.exec(QStringLiteral("SELECT COUNT(*) FROM audit_log")) || !rows.next()) {
        printErr(QStringLiteral("reading the audit chain failed: %1").arg(rows.lastError().text()));
        return Failed;
    }
    const qint64 chain = rows.value(0).toLongLong();
    const QString howTo = QStringLiteral(
        "Copy the fleet's key from a member that runs, keeping it secret and private:\n"
        "  scp MEMBER:DATA_DIR/audit-hmac.key %1\n  chmod 600 %1\n"
        "then run formauto-opsd fleet join again. Every member seals the one audit chain with this key; "
        "a member with another key is refused at start.\n").arg(keyPath);
    if (!QFile::exists(keyPath)) {
        if (chain == 0) {
            std::fprintf(stdout, "%s can start the fleet on %s: its audit chain is empty, so this host's first start creates "
                                 "the fleet's key (%s); copy it to each member that joins later.\n",
                         qPrintable(host), qPrintable(store->url().display()), qPrintable(keyPath));
            return Ok;
        }
        std::fprintf(stdout, "%s cannot join yet: %s is missing and the fleet's audit chain has %lld rows.\n%s", qPrintable(host),
                     qPrintable(keyPath), qlonglong(chain), qPrintable(howTo));
        return Failed;
    }
    const QFileInfo info(keyPath);
    if (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther)) {
        std::fprintf(stdout, "%s is readable by others than its owner: chmod 600 %s\n", qPrintable(keyPath), qPrintable(keyPath));
        return Failed;
    }
    AuditLog audit(store.get(), SystemClock::instance(), common.config.dataDir);
    audit.setHost(Daemon::fleetHost(common.config));
    if (!audit.open(&error)) {
        printErr(error);
        return Failed;
    }
    qint64 sealed = 0;
    if (!audit.keySealsChain(&sealed, &error)) {
        if (!error.isEmpty()) {
            printErr(error);
            return Failed;
        }
        std::fprintf(stdout, "%s cannot join: %s is not the key that sealed the fleet's audit chain (%lld rows).\n%s", qPrintable(host),
                     qPrintable(keyPath), qlonglong(sealed), qPrintable(howTo));
        return Failed;
    }
    std::fprintf(stdout, "%s can join the fleet on %s: the store is reachable and its audit chain (%lld rows) is sealed with "
                         "this host's key.\n", qPrintable(host), qPrintable(store->url().display()), qlonglong(sealed));
    return Ok;
}

int auditCommand(const QStringList &args, const Common &common, QCommandLineParser &parser)
{
    QString error;
    std::unique_ptr<OpsStore> store = Daemon::openStore(common.config, &error);
    if (!store) {
        printErr(error);
        return Failed;
    }
    AuditLog audit(store.get(), SystemClock::instance(), common.config.dataDir);
    audit.setHost(Daemon::fleetHost(common.config));
    if (!audit.open(&error)) {
        printErr(error);
        return Failed;
    }
    const QString verb = args.value(0);
    if (verb == QLatin1StringView("verify")) {
        const AuditLog::Verification v = audit.verify();
        if (!v.ok) {
            std::fprintf(stdout, "audit log NOT intact: first bad row %lld: %s\n", qlonglong(v.firstBadSeq), qPrintable(v.reason));
            return Failed;
        }
        std::fprintf(stdout, "audit log intact: %lld rows verified\n", qlonglong(v.rows));
        return Ok;
    }
    if (verb == QLatin1StringView("export") && parser.isSet(QStringLiteral("out"))) {
        const auto bundle = audit.exportBundle(0, 0, &error);
        if (!bundle) {
            printErr(error);
            return Failed;
        }
        QSaveFile out(parser.value(QStringLiteral("out")));
        if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(*bundle).toJson()) < 0 || !out.commit()) {
            printErr(QStringLiteral("cannot write %1").arg(out.fileName()));
            return Failed;
        }
        audit.record({QString(), QStringLiteral("local"), QStringLiteral("formauto-opsd audit export")}, QStringLiteral("audit.export"),
                     QStringLiteral("audit_log"), QString(),
                     {{u"rows"_qs, bundle->value(u"rows"_qs).toArray().size()}, {u"via"_qs, u"cli"_qs}, {u"file"_qs, out.fileName()}});
        std::fprintf(stdout, "exported %lld rows to %s\n", qlonglong(bundle->value(u"rows"_qs).toArray().size()),
                     qPrintable(out.fileName()));
        return Ok;
    }
    printErr(QStringLiteral("usage: formauto-opsd audit verify | audit export --out FILE"));
    return Usage;
}

} // namespace

std::atomic<bool> interrupted{false};

void onInterrupt(int)
{
    interrupted.store(true);
}

// formauto-opsd backup create | list | verify NAME | restore NAME [--dry-run] [--yes]: for
// cron-minded operators, and for recovery while the daemon is down.
int backupCommand(const QStringList &args, const Common &common, QCommandLineParser &parser)
{
    const QString sub = args.value(0);
    QString error;
    auto store = Daemon::openStore(common.config, &error);
    if (!store) {
        printErr(error);
        return Failed;
    }
    std::optional<DatabaseUrl> tasksUrl;
    if (!common.config.tasks.databaseUrl.isEmpty()) {
        tasksUrl = DatabaseUrl::parse(common.config.tasks.databaseUrl, common.config.dataDir, &error);
        if (!tasksUrl || !Config::readSecret(common.config.tasks.passwordFile, "FORMAUTO_TASKS_DB_PASSWORD", &tasksUrl->password, &error)) {
            printErr(u"[tasks] database_url: "_qs + error);
            return Usage;
        }
    }
    BackupService::Options options;
    if (!Daemon::backupPlan(common.config, tasksUrl, store->url(), &options.plan, &error)) {
        printErr(error);
        return Usage;
    }
    const Config::Backup &b = common.config.backup;
    options.retention = {b.keepLast, b.keepDaily, b.keepWeekly, b.keepMonthly, b.maxAgeDays};
    BackupService service(store.get(), SystemClock::instance(), options);
    if (!service.open(&error)) {
        printErr(error);
        return Failed;
    }
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    const bool tty = ::isatty(STDERR_FILENO);
    QString lastPhase;
    const JobProgress progress = [&](const QString &phase, qint64 done, qint64 total) {
        if (interrupted.load())
            return false;
        if (!phase.isEmpty() && phase != lastPhase) {
            lastPhase = phase;
            if (!tty)
                std::fprintf(stderr, "%s...\n", qPrintable(phase));
        }
        if (tty && total > 0)
            std::fprintf(stderr, "\r%s %5.1f %%", qPrintable(lastPhase), 100.0 * double(done) / double(total));
        return true;
    };
    AuditLog audit(store.get(), SystemClock::instance(), common.config.dataDir);
    audit.setHost(Daemon::fleetHost(common.config));
    const bool auditable = audit.open(&error);
    auto recordAudit = [&](const QString &action, const QString &name, const QJsonObject &details) {
        if (!auditable || !audit.record({QString(), QStringLiteral("local"), QString(u"formauto-opsd backup "_qs + sub)}, action, u"backup"_qs, name, details))
            printErr(QStringLiteral("warning: the audit log could not record this"));
    };
    if (sub == u"list"_qs) {
        const QJsonArray list = service.list(&error);
        std::fprintf(stdout, "%-36s %-20s %12s %-9s %-9s\n", "NAME", "CREATED", "SIZE", "VERIFIED", "DRILLED");
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            auto state = [](const QJsonValue &ok) { return ok.isNull() ? "-" : ok.toBool() ? "ok" : "FAILED"; };
            std::fprintf(stdout, "%-36s %-20s %12.0f %-9s %-9s\n", qPrintable(o.value(u"name"_qs).toString()),
                         qPrintable(o.value(u"created"_qs).toString().left(19)), o.value(u"size_bytes"_qs).toDouble(),
                         state(o.value(u"verify_ok"_qs)), state(o.value(u"drill_ok"_qs)));
        }
        return Ok;
    }
    if (sub == u"create"_qs) {
        const auto created = backupjob::create(options.plan, QDateTime::currentMSecsSinceEpoch(), u"formauto-opsd backup create"_qs, progress, &error);
        if (tty)
            std::fprintf(stderr, "\n");
        if (!created) {
            printErr(QStringLiteral("backup failed: %1").arg(error));
            return Failed;
        }
        service.index(*created, &error);
        recordAudit(u"backup.backup"_qs, created->name, {{u"size_bytes"_qs, double(created->size)}});
        std::fprintf(stdout, "%s\n", qPrintable(created->path));
        return Ok;
    }
    const QString name = args.value(1);
    QString path = service.pathOf(name);
    if (path.isEmpty() && QFileInfo(name).isFile())
        path = QFileInfo(name).absoluteFilePath(); // an archive elsewhere (copied back from off-site)
    if (path.isEmpty()) {
        printErr(QStringLiteral("no backup named \"%1\" in %2; see \"backup list\"").arg(name, options.plan.directory));
        return Usage;
    }
    if (sub == u"verify"_qs) {
        const auto v = backupjob::verify(path, options.plan.policy, progress,
                                         options.plan.serviceDatabase ? options.plan.serviceDatabase->database : QString());
        if (tty)
            std::fprintf(stderr, "\n");
        if (!v.ok) {
            std::fprintf(stdout, "%s: NOT intact\n", qPrintable(QFileInfo(path).fileName()));
            for (const QString &p : v.problems)
                std::fprintf(stdout, "  %s\n", qPrintable(p));
            return Failed;
        }
        std::fprintf(stdout, "%s: intact (%lld members)%s\n", qPrintable(QFileInfo(path).fileName()),
                     qlonglong(v.manifest.value(u"members"_qs).toObject().size()), v.legacy ? " (legacy archive, no checksums)" : "");
        return Ok;
    }
    if (sub == u"restore"_qs) {
        const bool dryRun = parser.isSet(u"dry-run"_qs);
        if (!dryRun && !parser.isSet(u"yes"_qs)) {
            if (!::isatty(STDIN_FILENO)) {
                printErr(u"a restore replaces the service's data: pass --yes, or run it on a terminal to confirm"_qs);
                return Usage;
            }
            std::fprintf(stderr, "This replaces the service database and directories with %s.\nType the backup's name to go on: ",
                         qPrintable(QFileInfo(path).fileName()));
            char buffer[512] = {};
            if (!std::fgets(buffer, sizeof buffer, stdin) || QString::fromUtf8(buffer).trimmed() != QFileInfo(path).fileName()) {
                printErr(u"not confirmed; nothing was changed"_qs);
                return Failed;
            }
        }
        const auto safety = [&]() -> std::optional<QString> {
            QString why;
            auto created = backupjob::create(options.plan, QDateTime::currentMSecsSinceEpoch(),
                                             u"safety before restoring "_qs + QFileInfo(path).fileName(), progress, &why);
            if (!created) {
                printErr(QStringLiteral("safety backup failed: %1").arg(why));
                return std::nullopt;
            }
            service.index(*created, &why);
            return created->path;
        };
        const auto r = backupjob::restore(options.plan, path, dryRun, safety, progress);
        if (tty)
            std::fprintf(stderr, "\n");
        for (const QJsonValue &v : r.steps) {
            const QJsonObject s = v.toObject();
            std::fprintf(stdout, "%-20s %-14s %s %s\n", qPrintable(s.value(u"component"_qs).toString()), qPrintable(s.value(u"action"_qs).toString()),
                         qPrintable(s.value(u"target"_qs).toString()), qPrintable(s.value(u"detail"_qs).toString()));
        }
        recordAudit(dryRun ? u"backup.restore_dry_run"_qs : u"backup.restore"_qs, QFileInfo(path).fileName(),
                    {{u"ok"_qs, r.ok}, {u"rolled_back"_qs, r.rolledBack}});
        for (const QString &item : r.notPutBack)
            std::fprintf(stdout, "NOT PUT BACK: %s\n", qPrintable(item));
        if (!r.ok) {
            printErr(r.error);
            return Failed;
        }
        std::fprintf(stdout, "%s\n", dryRun ? "dry run: nothing was changed" : "restored");
        return Ok;
    }
    printErr(u"usage: formauto-opsd backup create | list | verify NAME | restore NAME [--dry-run] [--yes]"_qs);
    return Usage;
}

// formauto-opsd tls fingerprint: the SHA-256 fingerprint a console is asked to trust.
int tlsCommand(const QStringList &args, const Common &common)
{
    if (args.value(0) != QLatin1StringView("fingerprint") || args.size() != 1) {
        printErr(u"usage: formauto-opsd tls fingerprint"_qs);
        return Usage;
    }
    const QString certFile = common.config.server.tlsCertFile.isEmpty() ? tls::defaultFiles(common.config.dataDir).certFile
                                                                        : common.config.server.tlsCertFile;
    QString error;
    const std::optional<QString> fingerprint = tls::fileFingerprint(certFile, &error);
    if (!fingerprint) {
        printErr(QFile::exists(certFile) ? error
                                         : QStringLiteral("%1 does not exist yet: the daemon makes it at its first start with TLS on").arg(certFile));
        return Failed;
    }
    std::fprintf(stdout, "SHA-256 %s  %s\n", qPrintable(*fingerprint), qPrintable(certFile));
    return Ok;
}

int runCommandLine(const QStringList &arguments)
{
    // formauto-opsd messages: the catalogue of message keys (JSON), no configuration needed.
    if (arguments.size() == 2 && arguments.at(1) == QLatin1StringView("messages")) {
        std::fprintf(stdout, "%s\n", QJsonDocument(protocol::messageCatalogueJson()).toJson(QJsonDocument::Indented).constData());
        return Ok;
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("FormAuto Ops daemon: monitoring, logs, alerts, backups and health for formauto."));
    parser.addOption({QStringLiteral("role"), QStringLiteral("Role for user add / token create."), QStringLiteral("ROLE")});
    parser.addOption({QStringLiteral("user"), QStringLiteral("User a token belongs to (default admin)."), QStringLiteral("USER")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("Output file for audit export."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("dry-run"), QStringLiteral("backup restore: report what would be replaced, change nothing.")});
    parser.addOption({QStringLiteral("yes"), QStringLiteral("backup restore: do not ask to type the backup's name.")});
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("Optional subcommand: user, token."));
    Common common;
    if (const int rc = parseCommon(parser, arguments, &common); rc != Ok)
        return rc;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return runDaemon(common);
    const QString command = positional.first();
    if (command == QLatin1StringView("user"))
        return userCommand(positional.mid(1), common, parser);
    if (command == QLatin1StringView("token"))
        return tokenCommand(positional.mid(1), common, parser);
    if (command == QLatin1StringView("audit"))
        return auditCommand(positional.mid(1), common, parser);
    if (command == QLatin1StringView("backup"))
        return backupCommand(positional.mid(1), common, parser);
    if (command == QLatin1StringView("tls"))
        return tlsCommand(positional.mid(1), common);
    if (command == QLatin1StringView("fleet"))
        return fleetCommand(positional.mid(1), common);
    printErr(QStringLiteral("unknown command \"%1\"; see --help").arg(command));
    return Usage;
}
