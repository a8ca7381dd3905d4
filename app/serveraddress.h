#pragma once

#include <QString>
#include <QUrl>
#include <optional>

// What an operator types as a daemon's address, made into the WebSocket URL the console
// opens: wss://HOST:PORT/ws and ws://HOST:PORT/ws as they are, https:// and http:// as their
// WebSocket twins, and a bare HOST[:PORT] the way the daemon's tls = "auto" would serve it
// (plain on loopback, TLS anywhere else). The port defaults to the daemon's 8765.
namespace serveraddress {
inline constexpr quint16 DefaultPort = 8765;

// nullopt (and a translated reason in *error) when it cannot name a daemon.
std::optional<QUrl> parse(const QString &text, QString *error = nullptr);
bool isLoopback(const QUrl &url);
bool isEncrypted(const QUrl &url); // wss
// ws:// to anything but this machine: passwords and tokens would cross the network in clear.
bool isInsecureRemote(const QUrl &url);
// "host:port" as it appears in prompts and profile names.
QString hostPort(const QUrl &url);
} // namespace serveraddress
