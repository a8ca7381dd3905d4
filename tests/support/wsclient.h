#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QWebSocket>
#include <functional>
#include <optional>

// A protocol v1 client for tests: real QWebSocket, every received message kept in order.
class WsClient final : public QObject {
    Q_OBJECT
public:
    explicit WsClient(QObject *parent = nullptr);

    // Connects to ws://127.0.0.1:PORT/ws; headers (Authorization, Origin) optional.
    bool open(quint16 port, const QByteArray &bearer = {}, const QString &origin = {}, const QString &path = QStringLiteral("/ws"));
    void sendRaw(const QString &text) { m_socket.sendTextMessage(text); }
    // Sends a request and waits for its result; nullopt on timeout.
    std::optional<QJsonObject> request(const QString &type, const QJsonObject &data = {}, int timeoutMs = 10000);
    bool login(const QString &user, const QString &password);
    bool auth(const QString &token);
    // Waits until a received message matches; returns it.
    std::optional<QJsonObject> waitFor(const std::function<bool(const QJsonObject &)> &match, int timeoutMs = 10000);
    bool waitClosed(int timeoutMs = 10000);

    QList<QJsonObject> messages() const { return m_messages; }
    QList<QJsonObject> pushes(const QString &type) const;
    QWebSocket &socket() { return m_socket; }
    int closeCode() const { return m_closeCode; }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_messages;
    int m_nextId = 1;
    int m_closeCode = -1;
};
