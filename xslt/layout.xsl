<?xml version="1.0" encoding="UTF-8"?>
<!--
  The layout: the only template that writes <html>, <head>, the header with
  site name and search, the main menu, breadcrumbs and the footer.  Views
  fill <main> through mode="main" and may add to the title (mode="title").
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:nb="urn:x-naering:strings" exclude-result-prefixes="nb">

  <xsl:decimal-format name="nb" decimal-separator="," grouping-separator=" "/>
  <xsl:decimal-format name="en" decimal-separator="." grouping-separator=","/>

  <!-- The language the page is shown in (nb, nn, en): the page's own, or
       the site's (NaeringLanguage).  nb:s() looks up this language's
       table; dates and numbers follow it below. -->
  <xsl:variable name="lang" select="/naering/@lang"/>

  <xsl:template match="/naering">
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
    <html lang="{$lang}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:apply-templates select="." mode="title"/>
          <xsl:text> – </xsl:text>
          <xsl:value-of select="site/@name"/>
        </title>
        <xsl:if test="page/summary != ''">
          <meta name="description" content="{page/summary}"/>
        </xsl:if>
        <xsl:if test="page">
          <link rel="canonical" href="{page/@canonical}"/>
          <meta property="og:type" content="website"/>
          <meta property="og:site_name" content="{site/@name}"/>
          <meta property="og:title" content="{page/title}"/>
          <meta property="og:url" content="{page/@canonical}"/>
          <meta property="og:locale">
            <xsl:attribute name="content">
              <xsl:choose>
                <xsl:when test="$lang = 'en'">en_GB</xsl:when>
                <xsl:when test="$lang = 'nn'">nn_NO</xsl:when>
                <xsl:otherwise>nb_NO</xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
          </meta>
          <xsl:if test="page/summary != ''">
            <meta property="og:description" content="{page/summary}"/>
          </xsl:if>
        </xsl:if>
        <xsl:for-each select="translations/page">
          <link rel="alternate" hreflang="{@lang}" href="{@canonical}"/>
        </xsl:for-each>
        <link rel="icon" href="{site/@assets}/favicon.ico"/>
        <link rel="alternate" type="application/atom+xml" href="{site/@feed}"
              title="{site/@name}: {nb:s('feed-title')}"/>
        <link rel="stylesheet" href="{site/@assets}/naering.css"/>
        <xsl:if test="editor/@user">
          <meta name="robots" content="noindex"/>
          <link rel="stylesheet" href="{site/@assets}/editor.css"/>
          <script src="{site/@assets}/editor.js" defer="defer"></script>
        </xsl:if>
      </head>
      <body>
        <xsl:call-template name="header"/>
        <div class="wrap columns">
          <xsl:call-template name="section-menu"/>
          <main id="innhold" tabindex="-1">
            <xsl:apply-templates select="breadcrumbs[crumb[2]]"/>
            <xsl:apply-templates select="." mode="main"/>
          </main>
        </div>
        <xsl:call-template name="footer"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="header">
    <header class="site-header">
      <!-- inside the banner landmark, so no content is outside one -->
      <a class="skip" href="#innhold"><xsl:value-of select="nb:s('skip')"/></a>
      <xsl:if test="not(editor/@user)">
        <xsl:apply-templates select="translations[page[not(@current)]]"/>
      </xsl:if>
      <div class="wrap header-row">
        <a class="site-name" href="{site/@url}"><xsl:value-of select="site/@name"/></a>
        <form class="search" role="search" action="{site/@search}" method="get">
          <label for="sok-q" class="visually-hidden"><xsl:value-of select="nb:s('search-label')"/></label>
          <input id="sok-q" name="q" type="search" placeholder="{nb:s('search-label')}"/>
          <button type="submit"><xsl:value-of select="nb:s('search')"/></button>
        </form>
      </div>
      <xsl:if test="menu/item">
        <nav class="main-menu" aria-label="{nb:s('menu')}">
          <ul class="wrap">
            <li>
              <a href="{site/@url}">
                <xsl:if test="page/@path = '/'">
                  <xsl:attribute name="aria-current">page</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="nb:s('home')"/>
              </a>
            </li>
            <xsl:for-each select="menu/item">
              <li>
                <a href="{@url}">
                  <xsl:if test="@current">
                    <xsl:attribute name="aria-current">page</xsl:attribute>
                  </xsl:if>
                  <xsl:if test="@ancestor">
                    <xsl:attribute name="class">ancestor</xsl:attribute>
                  </xsl:if>
                  <xsl:value-of select="title"/>
                </a>
              </li>
            </xsl:for-each>
          </ul>
        </nav>
      </xsl:if>
    </header>
  </xsl:template>

  <!-- The page in other languages: each link in its own language, named
       as that language names itself. -->
  <xsl:template match="translations">
    <nav class="languages wrap" aria-label="{nb:s('languages')}">
      <ul>
        <xsl:for-each select="page[not(@current)]">
          <li>
            <a href="{@url}" hreflang="{@lang}" lang="{@lang}">
              <xsl:choose>
                <xsl:when test="@lang = 'en'">English</xsl:when>
                <xsl:when test="@lang = 'nn'">Nynorsk</xsl:when>
                <xsl:otherwise>Bokmål</xsl:otherwise>
              </xsl:choose>
            </a>
          </li>
        </xsl:for-each>
      </ul>
    </nav>
  </xsl:template>

  <!-- The open section (the top-level item on the current path) as a tree. -->
  <xsl:template name="section-menu">
    <xsl:variable name="top" select="menu/item[(@current or @ancestor) and item]"/>
    <xsl:if test="$top">
      <nav class="section-menu" aria-label="{nb:s('section-menu')}">
        <p class="section-title"><a href="{$top/@url}"><xsl:value-of select="$top/title"/></a></p>
        <xsl:apply-templates select="$top" mode="tree"/>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template match="item" mode="tree">
    <ul>
      <xsl:for-each select="item">
        <li>
          <a href="{@url}">
            <xsl:if test="@current">
              <xsl:attribute name="aria-current">page</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="title"/>
          </a>
          <xsl:if test="item">
            <xsl:apply-templates select="." mode="tree"/>
          </xsl:if>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <xsl:template match="breadcrumbs">
    <nav class="breadcrumbs" aria-label="{nb:s('breadcrumbs')}">
      <ol>
        <xsl:for-each select="crumb">
          <li>
            <xsl:choose>
              <xsl:when test="position() = last()">
                <a href="{@url}" aria-current="page"><xsl:value-of select="."/></a>
              </xsl:when>
              <xsl:when test="position() = 1">
                <a href="{@url}"><xsl:value-of select="nb:s('home')"/></a>
              </xsl:when>
              <xsl:otherwise>
                <a href="{@url}"><xsl:value-of select="."/></a>
              </xsl:otherwise>
            </xsl:choose>
          </li>
        </xsl:for-each>
      </ol>
    </nav>
  </xsl:template>

  <!-- The site's details, as its editors wrote them (site/footer); the
       site's name when nothing is filled in. -->
  <xsl:template name="footer">
    <xsl:variable name="f" select="site/footer"/>
    <footer class="site-footer">
      <div class="wrap">
        <p class="footer-name">
          <xsl:choose>
            <xsl:when test="$f/organisation"><xsl:value-of select="$f/organisation"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="site/@name"/></xsl:otherwise>
          </xsl:choose>
        </p>
        <xsl:if test="$f/about"><p><xsl:value-of select="$f/about"/></p></xsl:if>
        <xsl:if test="$f/address or $f/phone or $f/email">
          <address class="footer-contact">
            <xsl:for-each select="$f/address/line">
              <xsl:value-of select="."/><br/>
            </xsl:for-each>
            <xsl:if test="$f/phone">
              <xsl:value-of select="concat(nb:s('footer-phone'), ' ')"/>
              <a href="tel:{$f/phone/@tel}"><xsl:value-of select="$f/phone"/></a><br/>
            </xsl:if>
            <xsl:if test="$f/email">
              <xsl:value-of select="concat(nb:s('footer-email'), ' ')"/>
              <a href="mailto:{$f/email}"><xsl:value-of select="$f/email"/></a>
            </xsl:if>
          </address>
        </xsl:if>
        <ul class="footer-links">
          <xsl:if test="$f/@statement">
            <li><a href="{$f/@statement}"><xsl:value-of select="nb:s('a11y-statement')"/></a></li>
          </xsl:if>
          <li><a href="{site/@feed}"><xsl:value-of select="nb:s('feed-title')"/></a></li>
        </ul>
      </div>
    </footer>
  </xsl:template>

  <!-- "29. november 2026" (nb, nn) or "29 November 2026" (en) from an
       ISO 8601 time. -->
  <xsl:template name="date">
    <xsl:param name="iso"/>
    <xsl:variable name="month" select="number(substring($iso, 6, 2))"/>
    <time datetime="{$iso}">
      <xsl:value-of select="number(substring($iso, 9, 2))"/>
      <xsl:choose>
        <xsl:when test="$lang = 'en'"><xsl:text> </xsl:text></xsl:when>
        <xsl:otherwise><xsl:text>. </xsl:text></xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="nb:s(concat('month-', $month))"/>
      <xsl:text> </xsl:text>
      <xsl:value-of select="substring($iso, 1, 4)"/>
    </time>
  </xsl:template>

  <!-- "900 byte", "245 kB", "1,2 MB" (SI units, the decimal comma; "1.2
       MB" in English). -->
  <xsl:template name="size">
    <xsl:param name="bytes"/>
    <xsl:choose>
      <xsl:when test="$bytes &lt; 1000">
        <xsl:value-of select="concat($bytes, ' ', nb:s('size-byte'))"/>
      </xsl:when>
      <xsl:when test="$bytes &lt; 1000000">
        <xsl:value-of select="concat(format-number(round($bytes div 1000), '0', 'nb'), ' kB')"/>
      </xsl:when>
      <xsl:when test="$lang = 'en'">
        <xsl:value-of select="concat(format-number($bytes div 1000000, '0.0', 'en'), ' MB')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat(format-number($bytes div 1000000, '0,0', 'nb'), ' MB')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
