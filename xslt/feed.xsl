<?xml version="1.0" encoding="UTF-8"?>
<!--
  Machine-readable views, compiled as their own stylesheet because their
  output is XML, not HTML: the Atom 1.0 feed of recent changes (RFC 4287)
  and the sitemap (sitemaps.org 0.9).  Every URL is absolute.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom"
                xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"
                xmlns:nb="urn:x-naering:strings"
                exclude-result-prefixes="atom sm nb">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/naering[@view='feed']">
    <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{/naering/@lang}">
      <xsl:choose>
        <!-- A listing's own feed (?format=atom on "Aktuelt", "Møter"). -->
        <xsl:when test="page">
          <title><xsl:value-of select="concat(page/title, ' – ', site/@name)"/></title>
          <id><xsl:value-of select="page/@canonical"/></id>
          <link rel="self" type="application/atom+xml" href="{page/@canonical}?format=atom"/>
          <link rel="alternate" type="text/html" href="{page/@canonical}"/>
        </xsl:when>
        <xsl:otherwise>
          <title><xsl:value-of select="site/@name"/></title>
          <subtitle><xsl:value-of select="nb:s('feed-subtitle')"/></subtitle>
          <id><xsl:value-of select="site/@absolute"/></id>
          <link rel="self" type="application/atom+xml" href="{site/@absolute}feed.atom"/>
          <link rel="alternate" type="text/html" href="{site/@absolute}"/>
        </xsl:otherwise>
      </xsl:choose>
      <updated><xsl:value-of select="entries/@updated"/></updated>
      <author><name><xsl:value-of select="site/@name"/></name></author>
      <xsl:for-each select="entries/entry">
        <entry>
          <title><xsl:value-of select="title"/></title>
          <id><xsl:value-of select="concat(/naering/site/@absolute, '#side-', @id)"/></id>
          <link rel="alternate" type="text/html" href="{@url}"/>
          <updated><xsl:value-of select="@updated"/></updated>
          <author><name><xsl:value-of select="@by"/></name></author>
          <xsl:if test="summary != ''">
            <summary><xsl:value-of select="summary"/></summary>
          </xsl:if>
        </entry>
      </xsl:for-each>
    </feed>
  </xsl:template>

  <xsl:template match="/naering[@view='sitemap']">
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <xsl:for-each select="entries/entry">
        <url>
          <loc><xsl:value-of select="@url"/></loc>
          <lastmod><xsl:value-of select="@updated"/></lastmod>
        </url>
      </xsl:for-each>
    </urlset>
  </xsl:template>
</xsl:stylesheet>
