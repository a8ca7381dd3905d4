#include "server/monitoring/procfile.h"

#include <QFile>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

ProcFile::ProcFile(QString path)
    : m_path(std::move(path))
{
    m_buffer.reserve(4096);
}

ProcFile::~ProcFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

const QByteArray &ProcFile::read()
{
    if (m_fd < 0)
        m_fd = ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_CLOEXEC);
    m_buffer.resize(m_buffer.capacity() > 0 ? m_buffer.capacity() : 4096);
    if (m_fd < 0) {
        m_buffer.clear();
        return m_buffer;
    }
    qsizetype used = 0;
    for (;;) {
        if (used == m_buffer.size())
            m_buffer.resize(m_buffer.size() * 2);
        const ssize_t n = ::pread(m_fd, m_buffer.data() + used, size_t(m_buffer.size() - used), off_t(used));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        used += n;
    }
    m_buffer.truncate(used);
    return m_buffer;
}
