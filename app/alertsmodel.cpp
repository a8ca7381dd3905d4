#include "app/alertsmodel.h"
#include "app/messagetext.h"

#include "app/formatting.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>
#include <algorithm>

namespace {
int rank(const QString &level)
{
    return level == u"critical"_qs ? 0 : level == u"error"_qs ? 1 : level == u"warning"_qs ? 2 : 3;
}
} // namespace

AlertsModel::AlertsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int AlertsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alerts.size());
}

int AlertsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AlertsModel::levelText(const QString &level)
{
    if (level == u"critical"_qs)
        return QCoreApplication::translate("AlertsModel", "Critical");
    if (level == u"error"_qs)
        return QCoreApplication::translate("AlertsModel", "Error");
    if (level == u"warning"_qs)
        return QCoreApplication::translate("AlertsModel", "Warning");
    return QCoreApplication::translate("AlertsModel", "Info");
}

QString AlertsModel::levelColourName(const QString &level)
{
    // Blue, amber, orange, red.
    if (level == u"critical"_qs)
        return QStringLiteral("#b00020");
    if (level == u"error"_qs)
        return QStringLiteral("#e65100");
    if (level == u"warning"_qs)
        return QStringLiteral("#f9a825");
    return QStringLiteral("#1976d2");
}

QString AlertsModel::durationText(qint64 ms)
{
    ms = qMax<qint64>(0, ms);
    const qint64 minutes = ms / 60000, hours = minutes / 60, days = hours / 24;
    const int m = int(minutes % 60), h = int(hours % 24), d = int(days), s = int(ms / 1000);
    if (ms < 60000)
        return QCoreApplication::translate("AlertsModel", "%1 s").arg(s);
    if (hours == 0)
        return QCoreApplication::translate("AlertsModel", "%1 min").arg(m);
    if (days == 0)
        return QCoreApplication::translate("AlertsModel", "%1 h %2 min").arg(h).arg(m);
    return QCoreApplication::translate("AlertsModel", "%1 d %2 h").arg(d).arg(h);
}

void AlertsModel::tick(qint64 nowMs)
{
    m_nowMs = nowMs;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, Age), index(rowCount() - 1, Age), {Qt::DisplayRole});
}

QString AlertsModel::stateText(const QString &state)
{
    if (state == u"firing"_qs)
        return QCoreApplication::translate("AlertsModel", "Firing");
    if (state == u"acknowledged"_qs)
        return QCoreApplication::translate("AlertsModel", "Acknowledged");
    return QCoreApplication::translate("AlertsModel", "Resolved");
}

QVariant AlertsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const protocol::Alert &a = m_alerts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Level: return levelText(a.level);
        case Title: return messages::alertTitle(a); // shown by a plain-text view; never interpreted
        case State: return stateText(a.state);
        case Since: return formatting::dateTime(a.firedAtMs);
        case Age: {
            // A resolved alert: how long it lasted; an open one: how long it has been going.
            const qint64 now = m_nowMs >= 0 ? m_nowMs : QDateTime::currentMSecsSinceEpoch();
            const qint64 end = a.resolvedAtMs >= 0 ? a.resolvedAtMs : now;
            return durationText(end - a.firedAtMs);
        }
        case AckedBy: return a.acknowledgedBy;
        case Host: return a.host;
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Since || index.column() == Age)
            return QString(formatting::dateTime(a.firedAtMs) + (a.resolvedAtMs >= 0 ? u" – "_qs + formatting::dateTime(a.resolvedAtMs) : QString()));
        return {};
    case AlertIdRole: return a.id;
    case RawLevelRole: return a.level;
    case RawStateRole: return a.state;
    default: return {};
    }
}

int AlertsModel::hostCount() const
{
    QSet<QString> hosts;
    for (const protocol::Alert &a : m_alerts) {
        if (!a.host.isEmpty())
            hosts.insert(a.host);
    }
    return int(hosts.size());
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Level: return QCoreApplication::translate("AlertsModel", "Level");
    case Title: return QCoreApplication::translate("AlertsModel", "Title");
    case State: return QCoreApplication::translate("AlertsModel", "State");
    case Since: return QCoreApplication::translate("AlertsModel", "Since");
    case Age: return QCoreApplication::translate("AlertsModel", "For");
    case AckedBy: return QCoreApplication::translate("AlertsModel", "Acknowledged by");
    case Host: return QCoreApplication::translate("AlertsModel", "Host");
    default: return {};
    }
}

void AlertsModel::sort()
{
    std::stable_sort(m_alerts.begin(), m_alerts.end(), [](const protocol::Alert &a, const protocol::Alert &b) {
        const bool activeA = a.state != u"resolved"_qs, activeB = b.state != u"resolved"_qs;
        if (activeA != activeB)
            return activeA;
        if (activeA && rank(a.level) != rank(b.level))
            return rank(a.level) < rank(b.level);
        return a.firedAtMs > b.firedAtMs;
    });
}

void AlertsModel::setAlerts(const QList<protocol::Alert> &alerts)
{
    beginResetModel();
    m_alerts = alerts;
    sort();
    endResetModel();
}

void AlertsModel::apply(const QList<protocol::Alert> &changes, bool activeOnly)
{
    if (changes.isEmpty())
        return;
    beginResetModel(); // a batch re-sorts the list; views keep their selection by id (AlertIdRole)
    for (const protocol::Alert &c : changes) {
        auto it = std::find_if(m_alerts.begin(), m_alerts.end(), [&](const protocol::Alert &a) { return a.id == c.id; });
        if (it != m_alerts.end() && it->seq > c.seq)
            continue; // an older state arriving late
        const bool keep = !activeOnly || c.state != u"resolved"_qs;
        if (it == m_alerts.end()) {
            if (keep)
                m_alerts.append(c);
        } else if (keep) {
            *it = c;
        } else {
            m_alerts.erase(it);
        }
    }
    sort();
    endResetModel();
}

int AlertsModel::unacknowledged() const
{
    return int(std::count_if(m_alerts.begin(), m_alerts.end(), [](const protocol::Alert &a) { return a.state == u"firing"_qs; }));
}

QString AlertsModel::worstUnacknowledgedLevel() const
{
    static const QStringList order{u"critical"_qs, u"error"_qs, u"warning"_qs, u"info"_qs};
    qsizetype best = order.size();
    for (const protocol::Alert &a : m_alerts) {
        if (a.state == u"firing"_qs)
            best = std::min(best, order.indexOf(a.level) < 0 ? order.size() - 1 : order.indexOf(a.level));
    }
    return best < order.size() ? order.at(best) : QString();
}

qint64 AlertsModel::lastSeq() const
{
    qint64 seq = 0;
    for (const protocol::Alert &a : m_alerts)
        seq = qMax(seq, a.seq);
    return seq;
}

void AlertsModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_alerts.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::DisplayRole});
}
