#pragma once

#include <QAbstractListModel>
#include <QSettings>
#include <QUrl>
#include <memory>

// Saved daemons to connect to. Never holds a password or token: a remembered session
// token lives in the OS keychain (TokenStore), keyed by the profile's name.
struct ServerProfile {
    QString name;
    QUrl url;
    QString username;
    bool useToken = false;      // API token instead of user + password
    bool rememberToken = false; // keep the session token in the keychain
    // SHA-256 of the certificate the operator chose to trust for this server (as SSH's
    // known_hosts); removed only deliberately (forgetPin).
    QString pinnedSha256;
    QString caFile; // an extra CA (PEM) to trust for this server
    // Shown on the Fleet page beside the server the window is connected to, through a
    // connection of its own (its remembered token).
    bool onFleetPage = false;
    bool operator==(const ServerProfile &) const = default;
};

class ServerProfilesModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerProfilesModel)
public:
    enum Role { UrlRole = Qt::UserRole + 1, UsernameRole, UseTokenRole, RememberTokenRole, PinnedSha256Role, CaFileRole };

    // settings: where profiles are kept (QSettings() in the program, a file in tests).
    explicit ServerProfilesModel(std::unique_ptr<QSettings> settings, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const QList<ServerProfile> &profiles() const { return m_profiles; }
    int indexOf(const QString &name) const;
    // The profile for this address (scheme, host, port and path as parse() makes them), or -1.
    int indexOfUrl(const QUrl &url) const;
    // Adds or replaces the profile with this name; saved at once.
    void upsert(const ServerProfile &profile);
    bool remove(const QString &name);
    // Pins (or with an empty fingerprint forgets) the certificate of a saved profile.
    bool setPin(const QString &name, const QString &sha256);
    bool setOnFleetPage(const QString &name, bool shown);
    QString lastUsed() const;
    void setLastUsed(const QString &name);

private:
    void save();

    std::unique_ptr<QSettings> m_settings;
    QList<ServerProfile> m_profiles;
};
