#include "app/languagemanager.h"

#include <QCoreApplication>
#include <QLibraryInfo>

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent)
{
}

LanguageManager::Language LanguageManager::fromCode(const QString &code)
{
    if (code.startsWith(QLatin1StringView("ja")))
        return Language::Japanese;
    if (code.startsWith(QLatin1StringView("en")))
        return Language::English;
    return Language::System;
}

QString LanguageManager::code(Language language)
{
    switch (language) {
    case Language::English: return QStringLiteral("en");
    case Language::Japanese: return QStringLiteral("ja");
    case Language::System: break;
    }
    return QStringLiteral("system");
}

LanguageManager::Language LanguageManager::effectiveLanguage() const
{
    if (m_language != Language::System)
        return m_language;
    return QLocale::system().language() == QLocale::Japanese ? Language::Japanese : Language::English;
}

void LanguageManager::setLanguage(Language language)
{
    m_language = language;
    // Removing (and installing) a translator makes Qt send LanguageChange to every window.
    QCoreApplication::removeTranslator(&m_app);
    QCoreApplication::removeTranslator(&m_qt);
    const Language effective = effectiveLanguage();
    const QLocale locale = effective == Language::Japanese ? QLocale(QLocale::Japanese, QLocale::Japan)
                                                           : QLocale(QLocale::English, QLocale::UnitedStates);
    QLocale::setDefault(locale);
    // English is the source language; its catalogue carries the plural forms ("1 alert", "2 alerts").
    if (m_app.load(effective == Language::Japanese ? QStringLiteral(":/i18n/formauto-ops_ja.qm") : QStringLiteral(":/i18n/formauto-ops_en.qm")))
        QCoreApplication::installTranslator(&m_app);
    if (effective == Language::Japanese
        && m_qt.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qt);
    Q_EMIT languageChanged(language);
}
