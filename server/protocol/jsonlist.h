#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>

namespace protocol {

// The items of a JSON array that parse as T (T::fromJson); the others are skipped, so one
// malformed item in an answer does not hide the rest.
template<typename T>
QList<T> listFromJson(const QJsonArray &array)
{
    QList<T> out;
    out.reserve(array.size());
    QString error;
    for (const QJsonValue &v : array) {
        if (auto item = T::fromJson(v.toObject(), &error))
            out.append(std::move(*item));
    }
    return out;
}

} // namespace protocol
