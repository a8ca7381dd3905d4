#include "app/serveraddress.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace serveraddress {

namespace {
bool loopbackHost(const QString &host)
{
    if (host.compare(u"localhost"_qs, Qt::CaseInsensitive) == 0 || host.endsWith(u".localhost"_qs, Qt::CaseInsensitive))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}
} // namespace

std::optional<QUrl> parse(const QString &text, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<QUrl> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return fail(QCoreApplication::translate("ServerAddress", "Enter the daemon's address, for example wss://ops.example.net:8765."));
    if (trimmed.size() > 2048)
        return fail(QCoreApplication::translate("ServerAddress", "The address is too long."));
    const bool hasScheme = trimmed.contains(u"://"_qs);
    QUrl url(hasScheme ? trimmed : u"ws://"_qs + trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return fail(QCoreApplication::translate("ServerAddress", "This is not an address of a daemon. Use wss://HOST:PORT (or ws://, https://, http://)."));
    const QString scheme = url.scheme().toLower();
    if (scheme == u"https"_qs || scheme == u"wss"_qs)
        url.setScheme(u"wss"_qs);
    else if (scheme == u"http"_qs || scheme == u"ws"_qs)
        url.setScheme(hasScheme || loopbackHost(url.host()) ? u"ws"_qs : u"wss"_qs);
    else
        return fail(QCoreApplication::translate("ServerAddress", "The console speaks wss:// and ws:// (https:// and http:// are taken as those), not %1://.").arg(scheme));
    if (!url.userInfo().isEmpty())
        return fail(QCoreApplication::translate("ServerAddress", "Do not put a user name or password in the address; the connect dialog asks for them."));
    if (url.port() == -1)
        url.setPort(DefaultPort);
    if (url.path().isEmpty() || url.path() == u"/"_qs)
        url.setPath(u"/ws"_qs);
    url.setFragment({});
    return url;
}

bool isLoopback(const QUrl &url)
{
    return loopbackHost(url.host());
}

bool isEncrypted(const QUrl &url)
{
    return url.scheme() == u"wss"_qs;
}

bool isInsecureRemote(const QUrl &url)
{
    return url.isValid() && !isEncrypted(url) && !isLoopback(url);
}

QString hostPort(const QUrl &url)
{
    const QString host = url.host().contains(u':') ? u'[' + url.host() + u']' : url.host();
    return QStringLiteral("%1:%2").arg(host).arg(url.port(DefaultPort));
}

} // namespace serveraddress
