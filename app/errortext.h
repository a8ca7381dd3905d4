#pragma once

#include "server/protocol/envelope.h"

#include <QString>

// The daemon's stable error codes (and the console's own "unavailable"/"timeout") as
// sentences in the console's language. The daemon's English message is shown beside it as
// plain text, never interpreted.
QString errorText(const QString &code);
// A failed answer for a person: the detail in the operator's language when the daemon sent it
// as a catalogue key, else the code's sentence with the daemon's English detail beside it.
QString errorText(const protocol::ErrorInfo &error);
