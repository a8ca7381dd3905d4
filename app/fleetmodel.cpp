#include "app/fleetmodel.h"

#include <algorithm>

#include "app/alertsmodel.h"
#include "app/formatting.h"
#include "server/protocol/protocol.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QSet>

namespace {
constexpr const char *Levels[] = {"critical", "error", "warning", "info"};

void push(QList<double> &series, double value)
{
    if (value < 0)
        return;
    series.append(value);
    if (series.size() > FleetModel::HistoryLength)
        series.removeFirst();
}
} // namespace

FleetModel::FleetModel(QObject *parent) : QAbstractTableModel(parent) {}

int FleetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FleetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int FleetModel::downCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &r) { return !r.up && r.unreachable.isEmpty(); }));
}

int FleetModel::unreachableCount() const
{
    return int(std::count_if(m_servers.cbegin(), m_servers.cend(), [](const ServerState &s) { return !s.unreachable.isEmpty(); }));
}

QStringList FleetModel::hosts() const
{
    QStringList out;
    for (const Row &r : m_rows) {
        if (r.server.isEmpty())
            out << r.host;
    }
    return out;
}

bool FleetModel::contains(const QString &host) const
{
    return std::any_of(m_main.cbegin(), m_main.cend(), [&](const Row &r) { return r.host == host; });
}

qint64 FleetModel::downSinceMs(const QString &host) const
{
    for (const Row &r : m_main) {
        if (r.host == host)
            return r.up ? -1 : r.lastSeenMs;
    }
    return -1;
}

QList<FleetModel::Row> FleetModel::rowsOf(const QString &server, const QJsonObject &answer, qint64 nowMs)
{
    // How long a host has been down is measured on its store's clock, as its heartbeats are.
    const qint64 storeNow = protocol::parseIsoTimestamp(answer.value(u"store_time"_qs).toString());
    QList<Row> rows;
    for (const QJsonValue &v : answer.value(u"hosts"_qs).toArray()) {
        const QJsonObject h = v.toObject();
        Row r;
        r.server = server;
        r.clockMs = storeNow > 0 ? storeNow : nowMs;
        r.host = h.value(u"host"_qs).toString();
        if (r.host.isEmpty())
            continue;
        r.role = h.value(u"role"_qs).toString();
        r.version = h.value(u"version"_qs).toString();
        r.up = h.value(u"state"_qs).toString() != u"down"_qs;
        r.leader = h.value(u"leader"_qs).toBool();
        r.self = h.value(u"self"_qs).toBool();
        r.lastSeenMs = protocol::parseIsoTimestamp(h.value(u"last_seen"_qs).toString());
        const QJsonObject s = h.value(u"summary"_qs).toObject();
        auto figure = [&s](const QString &name) { return s.value(name).isDouble() ? s.value(name).toDouble() : -1.0; };
        r.cpu = figure(u"cpu_percent"_qs);
        r.memory = figure(u"memory.percent"_qs);
        r.disk = figure(u"disk.percent"_qs);
        r.tasks = figure(u"running_tasks"_qs);
        r.openAlerts = s.value(u"open_alerts"_qs).toObject();
        for (int i = 0; i < 4; ++i) {
            if (r.openAlerts.value(QLatin1StringView(Levels[i])).toInt() > 0) {
                r.severity = 4 - i;
                break;
            }
        }
        // A new sample since the last answer extends the sparklines; a down host's figures
        // are its last, so they do not grow.
        History &history = m_history[keyOf(r)];
        const QString sampledAt = s.value(u"sampled_at"_qs).toString();
        if (r.up && sampledAt != history.sampledAt) {
            history.sampledAt = sampledAt;
            push(history.cpu, r.cpu);
            push(history.memory, r.memory);
            push(history.disk, r.disk);
            push(history.tasks, r.tasks);
        }
        rows.append(r);
    }
    return rows;
}

void FleetModel::apply(const QJsonObject &answer, qint64 nowMs)
{
    m_main = rowsOf({}, answer, nowMs);
    m_leader = answer.value(u"leader"_qs).toString();
    m_self = answer.value(u"host"_qs).toString();
    m_term = qint64(answer.value(u"term"_qs).toDouble());
    const qint64 storeNow = protocol::parseIsoTimestamp(answer.value(u"store_time"_qs).toString());
    m_nowMs = storeNow > 0 ? storeNow : nowMs;
    m_storeError = answer.value(u"error"_qs).toString();
    rebuild();
}

void FleetModel::applyServer(const QString &server, const QJsonObject &answer, qint64 nowMs)
{
    ServerState &state = m_servers[server];
    state.rows = rowsOf(server, answer, nowMs);
    state.answeredMs = nowMs;
    state.unreachable.clear();
    rebuild();
}

void FleetModel::setServerUnreachable(const QString &server, const QString &why, qint64 nowMs)
{
    ServerState &state = m_servers[server];
    if (state.unreachable.isEmpty())
        state.sinceMs = state.answeredMs > 0 ? state.answeredMs : nowMs;
    state.unreachable = why;
    rebuild();
}

void FleetModel::removeServer(const QString &server)
{
    if (m_servers.remove(server))
        rebuild();
}

void FleetModel::setConnectedName(const QString &name)
{
    m_connectedName = name;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Server), index(int(m_rows.size()) - 1, Server));
}

void FleetModel::rebuild()
{
    QList<Row> rows = m_main;
    QStringList names = m_servers.keys();
    names.sort();
    for (const QString &name : std::as_const(names)) {
        const ServerState &state = m_servers.value(name);
        if (state.unreachable.isEmpty()) {
            rows.append(state.rows);
            continue;
        }
        // Not reachable: its hosts as last seen, or one row for the server itself.
        QList<Row> last = state.rows;
        if (last.isEmpty()) {
            Row r;
            r.server = name;
            r.host = name;
            r.lastSeenMs = 0;
            last.append(r);
        }
        for (Row &r : last) {
            r.up = false;
            r.leader = false;
            r.unreachable = state.unreachable;
            r.lastSeenMs = state.rows.isEmpty() ? 0 : std::min(r.lastSeenMs, state.answeredMs);
            r.clockMs = QDateTime::currentMSecsSinceEpoch();
        }
        rows.append(last);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        if (a.up != b.up)
            return !a.up;
        if (a.severity != b.severity)
            return a.severity > b.severity;
        const double busyA = std::max({a.cpu, a.memory, a.disk}), busyB = std::max({b.cpu, b.memory, b.disk});
        if (qAbs(busyA - busyB) >= 5)
            return busyA > busyB;
        if (a.host != b.host)
            return a.host < b.host;
        return a.server < b.server;
    });
    // The same hosts (the usual answer): rows change in place, or move (layoutChanged), so a
    // view keeps its column widths and selection; another set of hosts resets the model.
    QStringList before, after;
    before.reserve(m_rows.size());
    after.reserve(rows.size());
    for (const Row &r : std::as_const(m_rows))
        before << keyOf(r);
    for (const Row &r : std::as_const(rows))
        after << keyOf(r);
    const QSet<QString> shown(after.cbegin(), after.cend());
    for (auto it = m_history.begin(); it != m_history.end();)
        it = shown.contains(it.key()) ? std::next(it) : m_history.erase(it);
    const bool sameOrder = before == after;
    const bool sameHosts = sameOrder || (before.size() == after.size() && QSet<QString>(before.cbegin(), before.cend()) == shown);
    if (!sameHosts)
        beginResetModel();
    else if (!sameOrder)
        Q_EMIT layoutAboutToBeChanged();
    m_rows = rows;
    if (!sameHosts) {
        endResetModel();
        return;
    }
    if (!sameOrder) {
        // Persistent indexes (the selection) follow their host.
        const QModelIndexList persistent = persistentIndexList();
        QHash<QString, int> rowOf;
        for (int i = 0; i < after.size(); ++i)
            rowOf.insert(after.at(i), i);
        QModelIndexList moved;
        for (const QModelIndex &i : persistent)
            moved << index(rowOf.value(before.value(i.row()), -1), i.column());
        changePersistentIndexList(persistent, moved);
        Q_EMIT layoutChanged();
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void FleetModel::retranslate()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

QString FleetModel::alertsText(const Row &row) const
{
    if (!row.unreachable.isEmpty() && row.openAlerts.isEmpty())
        return u"—"_qs; // not known, not "none"

    QStringList parts;
    for (const char *level : Levels) {
        const int n = row.openAlerts.value(QLatin1StringView(level)).toInt();
        if (n > 0)
            parts << tr("%1 %2", "count and alert level, e.g. 2 critical").arg(QLocale().toString(n), AlertsModel::levelText(QString::fromLatin1(level)));
    }
    return parts.isEmpty() ? tr("none") : parts.join(tr(", ", "between the alert counts of one host"));
}

QVariant FleetModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows.at(index.row());
    auto percentText = [](double v) { return v < 0 ? QString(u"—"_qs) : formatting::percent(v); };
    switch (role) {
    case HostRole: return r.host;
    case ServerRole: return r.server;
    case UpRole: return r.up;
    case LeaderRole: return r.leader;
    case SeverityRole: return r.severity;
    case HistoryRole: {
        if (index.column() < Cpu || index.column() > Tasks)
            return {};
        const auto it = m_history.constFind(keyOf(r));
        if (it == m_history.constEnd())
            return {};
        const QList<double> *series = index.column() == Cpu ? &it->cpu : index.column() == Memory ? &it->memory
                                    : index.column() == Disk ? &it->disk : index.column() == Tasks ? &it->tasks : nullptr;
        return series ? QVariant::fromValue(*series) : QVariant();
    }
    case ColourRole:
        if (!r.up && (index.column() == Host || index.column() == State || index.column() == LastSeen
                      || (index.column() == Server && !r.unreachable.isEmpty())))
            return AlertsModel::levelColourName(u"critical"_qs);
        if (index.column() == Alerts && r.severity > 0)
            return AlertsModel::levelColourName(QString::fromLatin1(Levels[4 - r.severity]));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= Cpu && index.column() <= Tasks)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (!r.unreachable.isEmpty())
            return r.lastSeenMs > 0 ? tr("The console cannot reach server %1: %2. These are the figures it last answered, at %3.")
                                          .arg(r.server, r.unreachable, formatting::dateTimeSeconds(r.lastSeenMs))
                                    : tr("The console cannot reach server %1: %2.").arg(r.server, r.unreachable);
        if (!r.up)
            return tr("No heartbeat from %1 since %2: it is down (or cannot reach the store). Its figures are the last it sent.")
                .arg(r.host, formatting::dateTimeSeconds(r.lastSeenMs));
        if (index.column() == State && r.leader)
            return tr("The leader runs the fleet's scheduled jobs, escalation and the host-down check (term %1).").arg(m_term);
        return {};
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (Column(index.column())) {
    case Host:
        if (r.self && r.server.isEmpty())
            return tr("%1 (this daemon)").arg(r.host);
        return r.role == u"agent"_qs ? tr("%1 (agent)").arg(r.host) : r.host;
    case State:
        if (!r.unreachable.isEmpty())
            return tr("Not reachable");
        if (!r.up)
            return tr("Down for %1").arg(AlertsModel::durationText(std::max<qint64>(0, r.clockMs - r.lastSeenMs)));
        return r.leader ? tr("Up · leader") : tr("Up");
    case Cpu: return percentText(r.cpu);
    case Memory: return percentText(r.memory);
    case Disk: return percentText(r.disk);
    case Tasks: return r.tasks < 0 ? QString(u"—"_qs) : QLocale().toString(qint64(r.tasks));
    case Alerts: return alertsText(r);
    case LastSeen: return r.lastSeenMs > 0 ? formatting::dateTimeSeconds(r.lastSeenMs) : QString(u"—"_qs);
    case Version: return r.version;
    case Server: return r.server.isEmpty() ? m_connectedName : r.server;
    case ColumnCount: break;
    }
    return {};
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Host: return tr("Host");
    case State: return tr("State");
    case Cpu: return tr("CPU");
    case Memory: return tr("Memory");
    case Disk: return tr("Disk");
    case Tasks: return tr("Running tasks");
    case Alerts: return tr("Open alerts");
    case LastSeen: return tr("Last heartbeat");
    case Version: return tr("Version");
    case Server: return tr("Server");
    case ColumnCount: break;
    }
    return {};
}
