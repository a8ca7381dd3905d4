#include "tests/support/daemonprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <csignal>
#include <sys/resource.h>

DaemonProcess::DaemonProcess(const QString &binary, const QString &dataDir)
    : m_binary(binary), m_dataDir(QDir(dataDir).absolutePath())
{
    QDir().mkpath(m_dataDir);
    m_logPath = m_dataDir + QStringLiteral("/../daemon.log");
}

DaemonProcess::~DaemonProcess()
{
    stop();
}

bool DaemonProcess::writeConfig(const QByteArray &configToml)
{
    QFile config(configPath());
    return config.open(QIODevice::WriteOnly | QIODevice::Truncate) && config.write(configToml) == configToml.size();
}

bool DaemonProcess::start(const QByteArray &configToml, const QStringList &extraArgs, QString *error, int timeoutMs)
{
    if (!writeConfig(configToml)) {
        *error = QStringLiteral("cannot write %1").arg(configPath());
        return false;
    }
    QFile::remove(m_logPath);
    m_port = 0;
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.setStandardErrorFile(m_logPath);
    const int limit = m_descriptorLimit;
    m_process.setChildProcessModifier([limit] {
        if (limit > 0) {
            const rlimit l{rlim_t(limit), rlim_t(limit)};
            ::setrlimit(RLIMIT_NOFILE, &l);
        }
    });
    m_process.start(m_binary, QStringList{QStringLiteral("--config"), configPath(), QStringLiteral("--data-dir"), m_dataDir} + extraArgs);
    if (!m_process.waitForStarted(5000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(m_binary, m_process.errorString());
        return false;
    }
    m_pid = m_process.processId();
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        for (const QByteArray &line : log().split('\n')) {
            if (!line.contains("\"formauto-opsd listening\""))
                continue;
            m_port = quint16(QJsonDocument::fromJson(line).object().value(QStringLiteral("extra")).toObject().value(QStringLiteral("port")).toInt());
            if (m_port > 0)
                return true;
        }
        if (m_process.waitForFinished(20)) {
            *error = QStringLiteral("the daemon exited with %1:\n%2").arg(m_process.exitCode()).arg(QString::fromUtf8(log().right(4000)));
            return false;
        }
    }
    *error = QStringLiteral("the daemon did not listen within %1 ms:\n%2").arg(timeoutMs).arg(QString::fromUtf8(log().right(4000)));
    return false;
}

int DaemonProcess::waitForExit(int timeoutMs)
{
    if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(timeoutMs))
        return -2;
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void DaemonProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool DaemonProcess::isRunning()
{
    if (m_process.state() == QProcess::NotRunning)
        return false;
    return !m_process.waitForFinished(0);
}

DaemonProcess::Run DaemonProcess::cli(const QStringList &args, const QByteArray &stdinData) const
{
    QProcess p;
    p.start(m_binary, QStringList{QStringLiteral("--config"), configPath(), QStringLiteral("--data-dir"), m_dataDir} + args);
    p.waitForStarted(5000);
    p.write(stdinData);
    p.closeWriteChannel();
    p.waitForFinished(30000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

QByteArray DaemonProcess::log() const
{
    QFile file(m_logPath);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void DaemonProcess::signal(int signal) const
{
    if (m_pid > 0)
        ::kill(pid_t(m_pid), signal);
}
