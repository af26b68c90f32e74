<?xml version="1.0" encoding="UTF-8"?>
<!-- Error pages (403, 404, 500, 503): the layout with menu and a message. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:nb="urn:x-naering:strings" exclude-result-prefixes="nb">

  <xsl:template name="error-string">
    <xsl:param name="kind"/>
    <xsl:variable name="own" select="nb:s(concat('error-', $kind, '-', current()/@status))"/>
    <xsl:choose>
      <xsl:when test="$own"><xsl:value-of select="$own"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="nb:s(concat('error-', $kind))"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="naering[@view='error']" mode="title">
    <xsl:call-template name="error-string">
      <xsl:with-param name="kind" select="'title'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="naering[@view='error']" mode="main">
    <article class="error">
      <h1>
        <xsl:call-template name="error-string">
          <xsl:with-param name="kind" select="'title'"/>
        </xsl:call-template>
      </h1>
      <xsl:choose>
        <xsl:when test="denied/@path != ''">
          <!-- An editor refused for a page Apache keeps from them. -->
          <p>
            <xsl:value-of select="nb:s('denied-page')"/>
            <xsl:text> «</xsl:text>
            <xsl:choose>
              <xsl:when test="denied/title != ''"><xsl:value-of select="denied/title"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="denied/@path"/></xsl:otherwise>
            </xsl:choose>
            <xsl:text>»</xsl:text>
            <xsl:if test="denied/title != ''">
              <xsl:value-of select="concat(' (', denied/@path, ')')"/>
            </xsl:if>
            <xsl:text>. </xsl:text>
            <xsl:value-of select="nb:s('denied-why')"/>
          </p>
        </xsl:when>
        <xsl:when test="denied">
          <p><xsl:value-of select="nb:s('denied-other-page')"/></p>
        </xsl:when>
        <xsl:otherwise>
          <p>
            <xsl:call-template name="error-string">
              <xsl:with-param name="kind" select="'text'"/>
            </xsl:call-template>
          </p>
        </xsl:otherwise>
      </xsl:choose>
      <p><a href="{site/@url}"><xsl:value-of select="nb:s('back-home')"/></a></p>
      <p class="error-code">HTTP <xsl:value-of select="@status"/></p>
    </article>
  </xsl:template>
</xsl:stylesheet>
