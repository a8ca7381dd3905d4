#include "server/notify/channels.h"

#include "server/notify/destination.h"
#include "server/protocol/protocol.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QUuid>
#include <curl/curl.h>

namespace {

QString levelColour(const QString &level)
{
    if (level == u"info"_qs)
        return QStringLiteral("#36a64f");
    if (level == u"warning"_qs)
        return QStringLiteral("#ff9500");
    if (level == u"error"_qs)
        return QStringLiteral("#ff0000");
    if (level == u"critical"_qs)
        return QStringLiteral("#8b0000");
    return QStringLiteral("#808080");
}

struct Response {
    QByteArray data;
    bool cut = false; // longer than MaxResponseBytes: the rest was not read
};

size_t collect(char *data, size_t size, size_t n, void *out)
{
    auto *response = static_cast<Response *>(out);
    if (response->data.size() + qsizetype(size * n) > MaxResponseBytes) {
        response->cut = true;
        return 0; // ends the transfer: nobody can make us read an endless answer
    }
    response->data.append(data, qsizetype(size * n));
    return size * n;
}

struct Upload {
    QByteArray data;
    qsizetype offset = 0;
};

size_t feed(char *buffer, size_t size, size_t n, void *in)
{
    auto *upload = static_cast<Upload *>(in);
    const size_t count = std::min(size * n, size_t(upload->data.size() - upload->offset));
    memcpy(buffer, upload->data.constData() + upload->offset, count);
    upload->offset += qsizetype(count);
    return count;
}

} // namespace

QByteArray slackPayload(const protocol::Alert &a)
{
    const QJsonObject attachment{
        {u"color"_qs, levelColour(a.level)},
        {u"title"_qs, a.title},
        {u"text"_qs, a.message},
        {u"fields"_qs, QJsonArray{QJsonObject{{u"title"_qs, u"Level"_qs}, {u"value"_qs, a.level.toUpper()}, {u"short"_qs, true}},
                                  QJsonObject{{u"title"_qs, u"Time"_qs}, {u"value"_qs, protocol::isoTimestamp(a.firedAtMs)}, {u"short"_qs, true}}}},
    };
    return QJsonDocument(QJsonObject{{u"attachments"_qs, QJsonArray{attachment}}}).toJson(QJsonDocument::Compact);
}

QByteArray webhookPayload(const protocol::Alert &a)
{
    return QJsonDocument(QJsonObject{{u"type"_qs, u"alert"_qs}, {u"alert"_qs, a.toJson()}}).toJson(QJsonDocument::Compact);
}

QByteArray emailMessage(const protocol::Alert &a, const Channel &c, const QString &messageId, qint64 nowMs)
{
    const QString level = a.level.toUpper();
    const QByteArray subject = QStringLiteral("[%1] %2").arg(level, a.title).toUtf8();
    const QString plain = QStringLiteral("Alert Level: %1\nTime: %2\nMessage: %3\n\nDetails: %4\n")
                              .arg(level, protocol::isoTimestamp(a.firedAtMs), a.message,
                                   QString::fromUtf8(QJsonDocument(a.details).toJson(QJsonDocument::Indented)));
    const QString html = QStringLiteral("<html><body><h2 style=\"color:%1\">[%2] %3</h2><p>%4</p><p>%5</p><pre>%6</pre></body></html>")
                             .arg(levelColour(a.level), level.toHtmlEscaped(), a.title.toHtmlEscaped(), a.message.toHtmlEscaped(),
                                  protocol::isoTimestamp(a.firedAtMs),
                                  QString::fromUtf8(QJsonDocument(a.details).toJson(QJsonDocument::Indented)).toHtmlEscaped());
    return emailText(c, QString::fromUtf8(subject), plain, html, messageId, nowMs);
}

QByteArray emailText(const Channel &c, const QString &subjectText, const QString &plain, const QString &html, const QString &messageId,
                     qint64 nowMs)
{
    const QByteArray subject = subjectText.toUtf8();
    const QByteArray boundary = "formauto-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    QByteArray m;
    m += "From: " + c.from.toUtf8() + "\r\n";
    m += "To: " + c.to.join(QStringLiteral(", ")).toUtf8() + "\r\n";
    m += "Subject: =?UTF-8?B?" + subject.toBase64() + "?=\r\n";
    m += "Date: " + QLocale::c().toString(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC), u"ddd, dd MMM yyyy HH:mm:ss"_qs).toLatin1() + " +0000\r\n";
    m += "Message-ID: <" + messageId.toUtf8() + ">\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    m += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += plain.toUtf8().toBase64() + "\r\n";
    m += "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += html.toUtf8().toBase64() + "\r\n";
    m += "--" + boundary + "--\r\n";
    return m;
}

QStringList destinationSchemes(const Channel &c)
{
    return c.kind == Channel::Kind::Email ? QStringList{u"smtp"_qs, u"smtps"_qs} : QStringList{u"https"_qs, u"http"_qs};
}

Delivery deliverTo(const Channel &c, const QByteArray &payload, const QHostAddress &pinned)
{
    Delivery d;
    const bool email = c.kind == Channel::Kind::Email;
    if (!email && c.url.scheme() == u"http"_qs && !isInternalAddress(pinned)) {
        d.error = QStringLiteral("plain http is only allowed to allow-listed internal receivers");
        return d;
    }
    CURL *curl = curl_easy_init();
    if (!curl) {
        d.error = QStringLiteral("libcurl failed to initialise");
        return d;
    }
    const QByteArray url = c.url.toEncoded();
    const int port = c.url.port(email ? (c.url.scheme() == u"smtps"_qs ? 465 : 25) : (c.url.scheme() == u"https"_qs ? 443 : 80));
    // Connect to the address that was checked, whatever DNS says a moment later.
    // (A literal address needs no entry: there is nothing to resolve, and "::1:80:…" would not parse.)
    curl_slist *resolveList = nullptr;
    if (QHostAddress literal; !literal.setAddress(c.url.host())) {
        const QByteArray resolve = c.url.host().toUtf8() + ':' + QByteArray::number(port) + ':'
                                   + (pinned.protocol() == QAbstractSocket::IPv6Protocol ? "[" + pinned.toString().toUtf8() + "]"
                                                                                          : pinned.toString().toUtf8());
        resolveList = curl_slist_append(nullptr, resolve.constData());
    }
    curl_slist *headers = nullptr;
    curl_slist *recipients = nullptr;
    Response response;
    Upload upload{payload, 0};
    const QByteArray from = c.from.toUtf8();
    const QByteArray user = c.username.toUtf8(), password = c.password.toUtf8();
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_RESOLVE, resolveList);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(c.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(qMin(c.timeoutMs, 5000)));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L); // a redirect must not lead past the destination check
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, email ? "smtp,smtps" : "http,https");
    if (email) {
        curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
        QList<QByteArray> to;
        for (const QString &r : c.to)
            to.append(r.toUtf8());
        for (const QByteArray &r : to)
            recipients = curl_slist_append(recipients, r.constData());
        curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, feed);
        curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(payload.size()));
        if (c.url.scheme() == u"smtp"_qs)
            curl_easy_setopt(curl, CURLOPT_USE_SSL, c.startTls ? long(CURLUSESSL_ALL) : long(CURLUSESSL_NONE));
        if (!c.username.isEmpty()) {
            curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
            curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
        }
    } else {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.constData());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(payload.size()));
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    }
    const CURLcode rc = curl_easy_perform(curl);
    if (rc == CURLE_WRITE_ERROR && response.cut) {
        // The status line came; the answer was just longer than we read.
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &d.httpStatus);
        d.ok = d.httpStatus >= 200 && d.httpStatus < 300;
        if (!d.ok)
            d.error = QStringLiteral("HTTP %1").arg(d.httpStatus);
    } else if (rc != CURLE_OK) {
        d.error = QString::fromUtf8(curl_easy_strerror(rc));
    } else if (email) {
        d.ok = true;
    } else {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &d.httpStatus);
        d.ok = d.httpStatus >= 200 && d.httpStatus < 300;
        if (!d.ok) {
            d.error = QStringLiteral("HTTP %1").arg(d.httpStatus);
            curl_off_t retryAfter = -1;
            if (curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retryAfter) == CURLE_OK && retryAfter > 0)
                d.retryAfterMs = qint64(retryAfter) * 1000;
        }
    }
    curl_slist_free_all(resolveList);
    curl_slist_free_all(headers);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    return d;
}
