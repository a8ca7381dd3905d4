#include "app/serverprofiles.h"
#include "app/serveraddress.h"

ServerProfilesModel::ServerProfilesModel(std::unique_ptr<QSettings> settings, QObject *parent)
    : QAbstractListModel(parent), m_settings(std::move(settings))
{
    const int n = m_settings->beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        ServerProfile p;
        p.name = m_settings->value(QStringLiteral("name")).toString();
        p.url = QUrl(m_settings->value(QStringLiteral("url")).toString());
        p.username = m_settings->value(QStringLiteral("username")).toString();
        p.useToken = m_settings->value(QStringLiteral("useToken")).toBool();
        p.rememberToken = m_settings->value(QStringLiteral("rememberToken")).toBool();
        p.pinnedSha256 = m_settings->value(QStringLiteral("pinnedSha256")).toString();
        p.caFile = m_settings->value(QStringLiteral("caFile")).toString();
        p.onFleetPage = m_settings->value(QStringLiteral("onFleetPage"), false).toBool();
        if (!p.name.isEmpty() && p.url.isValid())
            m_profiles.append(p);
    }
    m_settings->endArray();
}

int ServerProfilesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

QVariant ServerProfilesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ServerProfile &p = m_profiles.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole: return p.name;
    case Qt::ToolTipRole: return p.url.toString();
    case UrlRole: return p.url;
    case UsernameRole: return p.username;
    case UseTokenRole: return p.useToken;
    case RememberTokenRole: return p.rememberToken;
    case PinnedSha256Role: return p.pinnedSha256;
    case CaFileRole: return p.caFile;
    default: return {};
    }
}

QHash<int, QByteArray> ServerProfilesModel::roleNames() const
{
    auto roles = QAbstractListModel::roleNames();
    roles.insert(UrlRole, "url");
    roles.insert(UsernameRole, "username");
    roles.insert(UseTokenRole, "useToken");
    roles.insert(RememberTokenRole, "rememberToken");
    roles.insert(PinnedSha256Role, "pinnedSha256");
    roles.insert(CaFileRole, "caFile");
    return roles;
}

int ServerProfilesModel::indexOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles.at(i).name == name)
            return int(i);
    }
    return -1;
}

void ServerProfilesModel::upsert(const ServerProfile &profile)
{
    const int row = indexOf(profile.name);
    if (row >= 0) {
        m_profiles[row] = profile;
        Q_EMIT dataChanged(index(row), index(row));
    } else {
        beginInsertRows({}, int(m_profiles.size()), int(m_profiles.size()));
        m_profiles.append(profile);
        endInsertRows();
    }
    save();
}

int ServerProfilesModel::indexOfUrl(const QUrl &url) const
{
    const auto wanted = serveraddress::parse(url.toString());
    for (qsizetype i = 0; wanted && i < m_profiles.size(); ++i) {
        if (serveraddress::parse(m_profiles.at(i).url.toString()) == wanted)
            return int(i);
    }
    return -1;
}

bool ServerProfilesModel::setPin(const QString &name, const QString &sha256)
{
    const int row = indexOf(name);
    if (row < 0)
        return false;
    m_profiles[row].pinnedSha256 = sha256;
    Q_EMIT dataChanged(index(row), index(row), {PinnedSha256Role});
    save();
    return true;
}

bool ServerProfilesModel::setOnFleetPage(const QString &name, bool shown)
{
    const int row = indexOf(name);
    if (row < 0)
        return false;
    m_profiles[row].onFleetPage = shown;
    Q_EMIT dataChanged(index(row), index(row));
    save();
    return true;
}

bool ServerProfilesModel::remove(const QString &name)
{
    const int row = indexOf(name);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_profiles.removeAt(row);
    endRemoveRows();
    save();
    return true;
}

QString ServerProfilesModel::lastUsed() const
{
    return m_settings->value(QStringLiteral("lastProfile")).toString();
}

void ServerProfilesModel::setLastUsed(const QString &name)
{
    m_settings->setValue(QStringLiteral("lastProfile"), name);
}

void ServerProfilesModel::save()
{
    m_settings->beginWriteArray(QStringLiteral("profiles"), int(m_profiles.size()));
    for (qsizetype i = 0; i < m_profiles.size(); ++i) {
        m_settings->setArrayIndex(int(i));
        const ServerProfile &p = m_profiles.at(i);
        m_settings->setValue(QStringLiteral("name"), p.name);
        m_settings->setValue(QStringLiteral("url"), p.url.toString());
        m_settings->setValue(QStringLiteral("username"), p.username);
        m_settings->setValue(QStringLiteral("useToken"), p.useToken);
        m_settings->setValue(QStringLiteral("rememberToken"), p.rememberToken);
        m_settings->setValue(QStringLiteral("pinnedSha256"), p.pinnedSha256);
        m_settings->setValue(QStringLiteral("caFile"), p.caFile);
        m_settings->setValue(QStringLiteral("onFleetPage"), p.onFleetPage);
    }
    m_settings->endArray();
    m_settings->sync();
}
