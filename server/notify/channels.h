#pragma once

#include "server/protocol/alert.h"

#include <QByteArray>
#include <QHostAddress>
#include <QStringList>
#include <QUrl>

// Where a notification goes and how it is worded. Delivery is blocking libcurl with time
// limits: it runs on the channel's own delivery thread, never on the event loop.
struct Channel {
    enum class Kind { Slack, Webhook, Email };
    QString name; // "slack", "webhook", "email"
    Kind kind = Kind::Slack;
    QUrl url;     // https webhook, or smtp:// / smtps://
    QString username, password; // SMTP AUTH
    bool startTls = true;
    QString from;
    QStringList to;
    QStringList allowCidrs; // internal destinations the operator allowed
    int timeoutMs = 10000;
};

struct Delivery {
    bool ok = false;
    long httpStatus = 0;
    qint64 retryAfterMs = -1; // from a 429/503 Retry-After
    QString error;
};

// The ticket's Slack attachment (colour per level, Level and Time fields).
QByteArray slackPayload(const protocol::Alert &alert);
QByteArray webhookPayload(const protocol::Alert &alert);
// RFC 5322 message, multipart/alternative (plain text and HTML), subject "[LEVEL] title".
QByteArray emailMessage(const protocol::Alert &alert, const Channel &channel, const QString &messageId, qint64 nowMs);

// Any RFC 5322 message of ours: plain text and HTML alternatives, UTF-8 subject.
QByteArray emailText(const Channel &channel, const QString &subject, const QString &plain, const QString &html, const QString &messageId,
                     qint64 nowMs);

// The URL schemes a channel of this kind may use.
QStringList destinationSchemes(const Channel &channel);
// At most this much of a receiver's answer is read; the rest is not waited for.
constexpr qsizetype MaxResponseBytes = 64 * 1024;
// Sends payload to the address that was checked (pinned), whatever DNS says by now. Blocking,
// at most channel.timeoutMs.
Delivery deliverTo(const Channel &channel, const QByteArray &payload, const QHostAddress &pinned);
