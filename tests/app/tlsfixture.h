#pragma once

// Throw-away certificates (made with the openssl command) and a stand-in daemon that
// speaks TLS WebSocket on loopback and answers just enough of protocol v1 for OpsClient.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QWebSocket>
#include <QWebSocketServer>
#include <memory>

namespace tlsfixture {

inline bool openssl(const QString &dir, const QStringList &args, QString *output = nullptr)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(30000) || p.exitCode() != 0) {
        qWarning() << "openssl" << args << p.readAll();
        return false;
    }
    if (output)
        *output = QString::fromUtf8(p.readAll());
    return true;
}

// name.crt + name.key, self-signed ECDSA P-256 with the given subjectAltName.
inline bool selfSigned(const QString &dir, const QString &name, const QString &cn, const QString &san = u"IP:127.0.0.1"_qs)
{
    return openssl(dir, {u"req"_qs, u"-x509"_qs, u"-newkey"_qs, u"ec"_qs, u"-pkeyopt"_qs, u"ec_paramgen_curve:P-256"_qs, u"-nodes"_qs,
                         u"-keyout"_qs, name + u".key"_qs, u"-out"_qs, name + u".crt"_qs, u"-days"_qs, u"30"_qs, u"-subj"_qs,
                         u"/CN="_qs + cn, u"-addext"_qs, u"subjectAltName="_qs + san});
}

// name.crt + name.key signed by ca.crt/ca.key (a CA made with selfSigned()).
inline bool signedBy(const QString &dir, const QString &ca, const QString &name, const QString &san)
{
    QFile ext(QDir(dir).filePath(name + u".ext"_qs));
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write(("basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=" + san.toUtf8()
               + "\n"));
    ext.close();
    return openssl(dir, {u"req"_qs, u"-new"_qs, u"-newkey"_qs, u"ec"_qs, u"-pkeyopt"_qs, u"ec_paramgen_curve:P-256"_qs, u"-nodes"_qs,
                         u"-keyout"_qs, name + u".key"_qs, u"-out"_qs, name + u".csr"_qs, u"-subj"_qs, u"/CN="_qs + name})
           && openssl(dir, {u"x509"_qs, u"-req"_qs, u"-in"_qs, name + u".csr"_qs, u"-CA"_qs, ca + u".crt"_qs, u"-CAkey"_qs,
                            ca + u".key"_qs, u"-set_serial"_qs, u"7"_qs, u"-days"_qs, u"30"_qs, u"-extfile"_qs, name + u".ext"_qs,
                            u"-out"_qs, name + u".crt"_qs});
}

// The fingerprint exactly as `openssl x509 -fingerprint -sha256` prints it.
inline QString opensslFingerprint(const QString &dir, const QString &name)
{
    QString out;
    if (!openssl(dir, {u"x509"_qs, u"-noout"_qs, u"-fingerprint"_qs, u"-sha256"_qs, u"-in"_qs, name + u".crt"_qs}, &out))
        return {};
    return out.section(u'=', 1).trimmed();
}

class FakeDaemon {
public:
    // Serves dir/name.crt with dir/name.key on 127.0.0.1:port (0: any).
    bool listen(const QString &dir, const QString &name, quint16 port = 0)
    {
        QFile certFile(QDir(dir).filePath(name + u".crt"_qs)), keyFile(QDir(dir).filePath(name + u".key"_qs));
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return false;
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
        configuration.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Ec, QSsl::Pem));
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server = std::make_unique<QWebSocketServer>(u"fake-opsd"_qs, QWebSocketServer::SecureMode);
        m_server->setSslConfiguration(configuration);
        QObject::connect(m_server.get(), &QWebSocketServer::newConnection, m_server.get(), [this] {
            while (QWebSocket *s = m_server->nextPendingConnection()) {
                s->setParent(m_server.get());
                ++m_connections;
                QObject::connect(s, &QWebSocket::textMessageReceived, s, [this, s](const QString &text) { answer(s, text); });
            }
        });
        return m_server->listen(QHostAddress::LocalHost, port);
    }
    void close() { m_server.reset(); }
    quint16 port() const { return m_server ? m_server->serverPort() : 0; }
    // Every message a client sent (so: did a credential leave the console?).
    const QList<QJsonObject> &received() const { return m_received; }
    int connections() const { return m_connections; }

private:
    void answer(QWebSocket *s, const QString &text)
    {
        const QJsonObject m = QJsonDocument::fromJson(text.toUtf8()).object();
        m_received << m;
        const QString type = m.value(u"type"_qs).toString();
        QJsonObject data;
        if (type == u"auth"_qs || type == u"login"_qs)
            data = {{u"user"_qs, u"admin"_qs}, {u"role"_qs, u"admin"_qs}, {u"token"_qs, u"fos_test"_qs}};
        const QJsonObject result{{u"type"_qs, u"result"_qs}, {u"id"_qs, m.value(u"id"_qs)}, {u"ok"_qs, true}, {u"data"_qs, data}};
        s->sendTextMessage(QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)));
        if (type == u"auth"_qs || type == u"login"_qs) {
            const QJsonObject hello{{u"type"_qs, u"hello"_qs},
                                    {u"data"_qs, QJsonObject{{u"interval_ms"_qs, 1000}, {u"boot_id"_qs, u"fake"_qs}, {u"last_seq"_qs, 0}}}};
            s->sendTextMessage(QString::fromUtf8(QJsonDocument(hello).toJson(QJsonDocument::Compact)));
        }
    }

    std::unique_ptr<QWebSocketServer> m_server;
    QList<QJsonObject> m_received;
    int m_connections = 0;
};

} // namespace tlsfixture
