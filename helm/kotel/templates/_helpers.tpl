{{- define "kotel.labels" -}}
app.kubernetes.io/name: kotel
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "kotel.selector" -}}
app.kubernetes.io/name: kotel
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kotel.headersSecret" -}}
{{- .Values.otlp.existingSecret | default (printf "%s-otlp" .Release.Name) -}}
{{- end -}}
