#include "tests/support/wsclient.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QTest>

WsClient::WsClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] { m_closeCode = int(m_socket.closeCode()); });
}

bool WsClient::open(quint16 port, const QByteArray &bearer, const QString &origin, const QString &path)
{
    QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port).arg(path)));
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    if (!origin.isEmpty())
        request.setRawHeader("Origin", origin.toUtf8());
    m_socket.open(request);
    QDeadlineTimer deadline(10000);
    while (m_socket.state() != QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        QTest::qWait(5);
        if (m_socket.state() == QAbstractSocket::UnconnectedState && m_closeCode != -1)
            return false;
    }
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

std::optional<QJsonObject> WsClient::request(const QString &type, const QJsonObject &data, int timeoutMs)
{
    const QString id = QStringLiteral("t-%1").arg(m_nextId++);
    QJsonObject message{{QStringLiteral("type"), type}, {QStringLiteral("id"), id}};
    if (!data.isEmpty())
        message.insert(QStringLiteral("data"), data);
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    return waitFor([&id](const QJsonObject &m) {
        return m.value(QStringLiteral("type")).toString() == QLatin1StringView("result") && m.value(QStringLiteral("id")).toString() == id;
    }, timeoutMs);
}

bool WsClient::login(const QString &user, const QString &password)
{
    const auto r = request(QStringLiteral("login"), {{QStringLiteral("username"), user}, {QStringLiteral("password"), password}});
    return r && r->value(QStringLiteral("ok")).toBool();
}

bool WsClient::auth(const QString &token)
{
    const auto r = request(QStringLiteral("auth"), {{QStringLiteral("token"), token}});
    return r && r->value(QStringLiteral("ok")).toBool();
}

std::optional<QJsonObject> WsClient::waitFor(const std::function<bool(const QJsonObject &)> &match, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    qsizetype checked = 0;
    for (;;) {
        for (; checked < m_messages.size(); ++checked) {
            if (match(m_messages.at(checked)))
                return m_messages.at(checked);
        }
        if (deadline.hasExpired())
            return std::nullopt;
        QTest::qWait(5);
    }
}

bool WsClient::waitClosed(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired())
        QTest::qWait(5);
    return m_socket.state() == QAbstractSocket::UnconnectedState;
}

QList<QJsonObject> WsClient::pushes(const QString &type) const
{
    QList<QJsonObject> out;
    for (const QJsonObject &m : m_messages) {
        if (m.value(QStringLiteral("type")).toString() == type)
            out.append(m);
    }
    return out;
}
