#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QUrl>
#include <memory>

class OpsClient;
class QTimer;

// Other servers on the Fleet page: independent daemons (each with its own store), watched
// through connections of their own with their own credentials, beside the daemon the window
// is connected to. Each asks its daemon for fleet.hosts every two seconds while connected; a
// server that cannot be reached, refuses the token or presents a certificate that is not the
// one trusted for it is reported as not reachable, with why. A certificate is never trusted
// here: that is asked once, when the operator connects to the server itself.
class ServerWatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerWatcher)
public:
    struct Target {
        QString name; // the saved profile's
        QUrl url;
        QString token;
        QString pinnedSha256, caFile;
    };
    explicit ServerWatcher(QObject *parent = nullptr);
    ~ServerWatcher() override;

    void watch(const Target &target);
    void unwatch(const QString &name);
    void unwatchAll();
    QStringList watched() const { return m_watched.keys(); }
    void setPollIntervalMs(int ms) { m_pollMs = ms; }

Q_SIGNALS:
    void answered(const QString &name, const QJsonObject &answer);
    void unreachable(const QString &name, const QString &why); // why: translated
    void removed(const QString &name);

private:
    struct Watched {
        Target target;
        std::unique_ptr<OpsClient> client;
        QTimer *poll = nullptr;
        bool pending = false;
    };
    void poll(const QString &name);
    QHash<QString, std::shared_ptr<Watched>> m_watched;
    int m_pollMs = 2000;
};
