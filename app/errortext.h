#pragma once

#include <QString>

// The daemon's stable error codes (and the console's own "unavailable"/"timeout") as
// sentences in the console's language. The daemon's English message is shown beside it as
// plain text, never interpreted.
QString errorText(const QString &code);
