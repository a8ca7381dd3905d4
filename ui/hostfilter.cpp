#include "ui/hostfilter.h"

#include <QComboBox>
#include <QSignalBlocker>

namespace hostfilter {

bool setHosts(QComboBox *combo, const QStringList &hosts)
{
    QStringList sorted = hosts;
    sorted.sort();
    QStringList listed;
    for (int i = 1; i < combo->count(); ++i)
        listed << combo->itemData(i).toString();
    if (listed == sorted)
        return false;
    const QString current = combo->currentData().toString();
    const QSignalBlocker quiet(combo);
    while (combo->count() > 1)
        combo->removeItem(1);
    for (const QString &h : std::as_const(sorted))
        combo->addItem(h, h);
    const int index = combo->findData(current);
    combo->setCurrentIndex(std::max(0, index));
    return index < 0 && !current.isEmpty();
}

void choose(QComboBox *combo, const QString &host)
{
    int index = combo->findData(host);
    if (index < 0 && !host.isEmpty()) {
        combo->addItem(host, host);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(std::max(0, index));
}

} // namespace hostfilter
