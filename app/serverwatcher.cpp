#include "app/serverwatcher.h"

#include "app/errortext.h"
#include "app/opsclient.h"
#include "server/protocol/protocol.h"

#include <QTimer>

ServerWatcher::ServerWatcher(QObject *parent) : QObject(parent) {}

ServerWatcher::~ServerWatcher()
{
    // The page (and its model) may be half gone: nothing is said from here.
    blockSignals(true);
    unwatchAll();
}

void ServerWatcher::watch(const Target &target)
{
    unwatch(target.name);
    auto w = std::make_shared<Watched>();
    w->target = target;
    w->client = std::make_unique<OpsClient>();
    w->client->setTlsTrust(target.pinnedSha256, target.caFile);
    w->poll = new QTimer(this);
    w->poll->setInterval(m_pollMs);
    OpsClient *client = w->client.get();
    const QString name = target.name;
    connect(w->poll, &QTimer::timeout, this, [this, name] { poll(name); });
    connect(client, &OpsClient::authenticated, this, [this, name, poll = w->poll] {
        poll->start();
        this->poll(name);
    });
    connect(client, &OpsClient::stateChanged, this, [this, name, poll = w->poll](OpsClient::State state) {
        if (state == OpsClient::State::Connected)
            return;
        poll->stop();
        if (state == OpsClient::State::Reconnecting || state == OpsClient::State::Disconnected)
            Q_EMIT unreachable(name, tr("no connection (trying again)"));
    });
    connect(client, &OpsClient::authenticationFailed, this, [this, name](const protocol::ErrorInfo &error) {
        Q_EMIT unreachable(name, tr("the saved sign-in was refused (%1); connect to the server once to sign in again").arg(errorText(error)));
    });
    connect(client, &OpsClient::tlsFailed, this, [this, name](const QString &reason) {
        Q_EMIT unreachable(name, tr("TLS failed: %1").arg(reason));
    });
    // Not trusted yet, or another certificate than the trusted one: never accepted from here.
    connect(client, &OpsClient::trustRequested, this, [this, name, client] {
        client->rejectCertificate();
        Q_EMIT unreachable(name, tr("its certificate is not trusted yet; connect to the server once to check and trust it"));
    });
    connect(client, &OpsClient::certificateChanged, this, [this, name, client] {
        client->rejectCertificate();
        Q_EMIT unreachable(name, tr("it presents another certificate than the one trusted for it"));
    });
    m_watched.insert(name, w);
    client->connectWithToken(target.url, target.token);
}

void ServerWatcher::poll(const QString &name)
{
    const std::shared_ptr<Watched> w = m_watched.value(name);
    if (!w || w->pending)
        return;
    w->pending = true;
    std::weak_ptr<Watched> weak = w;
    w->client->request(u"fleet.hosts"_qs, {}, [this, name, weak](const protocol::Result &result) {
        const std::shared_ptr<Watched> still = weak.lock();
        if (!still || m_watched.value(name) != still)
            return; // unwatched (or watched anew) meanwhile
        still->pending = false;
        if (result.ok)
            Q_EMIT answered(name, result.data);
        else
            Q_EMIT unreachable(name, errorText(result.error));
    }, 5000);
}

void ServerWatcher::unwatch(const QString &name)
{
    const std::shared_ptr<Watched> w = m_watched.take(name);
    if (!w)
        return;
    // Nothing it says from here on concerns the page (its goodbye included).
    QObject::disconnect(w->client.get(), nullptr, this, nullptr);
    w->client->disconnectFromServer();
    delete w->poll;
    w->poll = nullptr;
    Q_EMIT removed(name);
}

void ServerWatcher::unwatchAll()
{
    const QStringList names = m_watched.keys();
    for (const QString &name : names)
        unwatch(name);
}
