#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

// formauto-opsd as a child process on a data directory the test owns: its config written
// to a file, its log (stderr) to a file so a test that blocks never stalls the daemon on a
// full pipe, its port taken from its "formauto-opsd listening" line.
class DaemonProcess final {
public:
    DaemonProcess(const QString &binary, const QString &dataDir);
    ~DaemonProcess();
    DaemonProcess(const DaemonProcess &) = delete;
    DaemonProcess &operator=(const DaemonProcess &) = delete;

    // Soft and hard RLIMIT_NOFILE of the daemon (0: inherited).
    void setDescriptorLimit(int limit) { m_descriptorLimit = limit; }

    bool writeConfig(const QByteArray &configToml);
    // Writes the config and starts; true once it listens, false when it exits or
    // timeoutMs pass first (*error says which, with the log's tail).
    bool start(const QByteArray &configToml, const QStringList &extraArgs, QString *error, int timeoutMs = 10000);
    // Exit code once it exited within timeoutMs, -1 for a crash, -2 still running.
    int waitForExit(int timeoutMs);
    void stop(); // SIGTERM, then SIGKILL after 10 s

    struct Run {
        int exitCode = -1;
        QByteArray out, err;
    };
    // A subcommand (user, token, tls …) with the same config and data directory.
    Run cli(const QStringList &args, const QByteArray &stdinData = {}) const;

    bool isRunning();
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_pid; }
    QString dataDir() const { return m_dataDir; }
    QString configPath() const { return m_dataDir + QStringLiteral("/../daemon.toml"); }
    QByteArray log() const;
    void signal(int signal) const;

private:
    QString m_binary;
    QString m_dataDir;
    QString m_logPath;
    int m_descriptorLimit = 0;
    QProcess m_process;
    quint16 m_port = 0;
    qint64 m_pid = 0;
};
