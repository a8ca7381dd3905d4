#pragma once

#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>

namespace testsupport {

// A loopback HTTP receiver for webhook deliveries: records each request body and answers from
// a script (status and extra headers), 200 when the script is empty. Not listening: connections
// are refused.
class HttpReceiver final : public QObject {
public:
    struct Answer {
        int status;
        QByteArray extraHeaders;
    };
    QList<Answer> script; // consumed in order
    QList<QByteArray> bodies;

    explicit HttpReceiver(quint16 port = 0)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onRead(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        listen(port);
    }
    bool listen(quint16 port) { return m_server.listen(QHostAddress::LocalHost, port); }
    void close() { m_server.close(); }
    quint16 port() const { return m_server.serverPort(); }

private:
    void onRead(QTcpSocket *s)
    {
        QByteArray &buffer = m_buffers[s];
        buffer += s->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        qsizetype length = 0;
        for (const QByteArray &line : buffer.left(end).split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return;
        bodies.append(buffer.mid(end + 4, length));
        m_buffers.remove(s);
        const Answer a = script.isEmpty() ? Answer{200, {}} : script.takeFirst();
        s->write("HTTP/1.1 " + QByteArray::number(a.status) + " X\r\nContent-Length: 2\r\nConnection: close\r\n" + a.extraHeaders + "\r\nok");
        s->disconnectFromHost();
    }
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace testsupport
