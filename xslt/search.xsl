<?xml version="1.0" encoding="UTF-8"?>
<!-- Search: the form again, the number of hits, hits with highlighted
     snippets, and paging. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:nb="urn:x-naering:strings" exclude-result-prefixes="nb">

  <xsl:template match="naering[@view='search']" mode="title">
    <xsl:value-of select="nb:s('search')"/>
    <xsl:if test="search/@query != ''">
      <xsl:value-of select="concat(': ', search/@query)"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="naering[@view='search']" mode="main">
    <xsl:variable name="se" select="search"/>
    <h1><xsl:value-of select="nb:s('search')"/></h1>
    <form class="search-page" role="search" action="{site/@search}" method="get">
      <label for="sok-side-q"><xsl:value-of select="nb:s('search-label')"/></label>
      <div class="search-row">
        <input id="sok-side-q" name="q" type="search" value="{$se/@query}"/>
        <button type="submit"><xsl:value-of select="nb:s('search')"/></button>
      </div>
    </form>
    <xsl:choose>
      <xsl:when test="normalize-space($se/@query) = ''">
        <p class="search-status"><xsl:value-of select="nb:s('search-empty')"/></p>
      </xsl:when>
      <xsl:when test="$se/@total = 0">
        <p class="search-status" role="status">
          <xsl:value-of select="nb:s('search-none')"/>
          <xsl:text> «</xsl:text><xsl:value-of select="$se/@query"/><xsl:text>».</xsl:text>
        </p>
      </xsl:when>
      <xsl:otherwise>
        <p class="search-status" role="status">
          <xsl:value-of select="$se/@total"/>
          <xsl:text> </xsl:text>
          <xsl:choose>
            <xsl:when test="$se/@total = 1"><xsl:value-of select="nb:s('search-hit')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="nb:s('search-hits')"/></xsl:otherwise>
          </xsl:choose>
          <xsl:text> «</xsl:text><xsl:value-of select="$se/@query"/><xsl:text>»</xsl:text>
          <xsl:if test="$se/@pages &gt; 1">
            <xsl:value-of select="concat(' (', nb:s('search-page'), ' ', $se/@page, ' ', nb:s('of'), ' ', $se/@pages, ')')"/>
          </xsl:if>
          <xsl:text>.</xsl:text>
        </p>
        <ol class="hits" start="{$se/@first}">
          <xsl:for-each select="$se/hit">
            <li>
              <xsl:if test="@lang != /naering/@lang">
                <xsl:attribute name="lang"><xsl:value-of select="@lang"/></xsl:attribute>
              </xsl:if>
              <h2><a href="{@url}"><xsl:value-of select="title"/></a></h2>
              <xsl:if test="@kind = 'document'">
                <xsl:variable name="type" select="nb:s(concat('type-', current()/@mime))"/>
                <p class="hit-document">
                  <xsl:value-of select="concat(nb:s('search-document'), ' (')"/>
                  <xsl:choose>
                    <xsl:when test="$type"><xsl:value-of select="$type"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="nb:s('type-other')"/></xsl:otherwise>
                  </xsl:choose>
                  <xsl:text>, </xsl:text>
                  <xsl:call-template name="size"><xsl:with-param name="bytes" select="@size"/></xsl:call-template>
                  <xsl:value-of select="concat(') ', nb:s('search-on-page'), ' ')"/>
                  <a href="{page/@url}"><xsl:value-of select="page"/></a>
                </p>
              </xsl:if>
              <p class="snippet"><xsl:apply-templates select="snippet/node()" mode="snippet"/></p>
            </li>
          </xsl:for-each>
        </ol>
        <xsl:call-template name="search-paging"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="mark" mode="snippet">
    <mark><xsl:value-of select="."/></mark>
  </xsl:template>

  <xsl:template match="text()" mode="snippet">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template name="search-paging">
    <xsl:variable name="se" select="search"/>
    <xsl:if test="$se/@pages &gt; 1">
      <nav class="paging" aria-label="{nb:s('search-paging')}">
        <ul>
          <xsl:if test="$se/@page &gt; 1">
            <li><a rel="prev" href="{site/@search}?q={$se/@query-url}&amp;side={$se/@page - 1}"><xsl:value-of select="nb:s('previous')"/></a></li>
          </xsl:if>
          <xsl:if test="$se/@page &lt; $se/@pages">
            <li><a rel="next" href="{site/@search}?q={$se/@query-url}&amp;side={$se/@page + 1}"><xsl:value-of select="nb:s('next')"/></a></li>
          </xsl:if>
        </ul>
      </nav>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
