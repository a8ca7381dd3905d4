#pragma once

#include <QStringList>

class QComboBox;

// The host filter of the Alerts and Logs pages: a combo whose first item (data empty) is every
// host, then the fleet's hosts by name.
namespace hostfilter {

// Lists hosts (sorted), keeping the chosen one; nothing is emitted. True when the chosen host
// is no longer listed and the combo went back to every host (the page should ask again).
bool setHosts(QComboBox *combo, const QStringList &hosts);
// Chooses host (listed at once if it is not yet); empty: every host.
void choose(QComboBox *combo, const QString &host);

} // namespace hostfilter
