package client

import "encoding/json"

// MCP servers (spec section M). Upstream's examples vary between versions (status "active"
// or 1, labels of strings), so the loose fields are Flex or raw.

// MCPCategory is a marketplace category of an MCP server.
type MCPCategory struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
}

// MCPGatewayRef and MCPStageRef are the gateway and stage a server publishes.
type MCPGatewayRef struct {
	ID          int      `json:"id"`
	Name        string   `json:"name"`
	Maintainers []string `json:"maintainers"`
	IsOfficial  bool     `json:"is_official"`
}

type MCPStageRef struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// MCPServer is a server in its brief (lists) or full (detail) form.
type MCPServer struct {
	ID                          int            `json:"id"`
	Name                        string         `json:"name"`
	Title                       string         `json:"title"`
	Description                 string         `json:"description"`
	ToolsCount                  FlexInt        `json:"tools_count"` // "3" on the releases, 3 on master
	ToolNames                   []string       `json:"tool_names"`
	ProtocolType                string         `json:"protocol_type"` // sse or streamable_http
	URL                         string         `json:"url"`
	DocLink                     string         `json:"doc_link"`
	Categories                  []MCPCategory  `json:"categories"`
	IsOfficial                  bool           `json:"is_official"`
	OAuth2PublicClientEnabled   bool           `json:"oauth2_public_client_enabled"`
	OAuth2PersonalClientEnabled bool           `json:"oauth2_personal_client_enabled"`
	IsPublic                    bool           `json:"is_public"`
	Labels                      []Flex         `json:"labels"`
	ResourceNames               []string       `json:"resource_names"`
	Status                      Flex           `json:"status"` // 1 or "active"
	Stage                       *MCPStageRef   `json:"stage,omitempty"`
	Gateway                     *MCPGatewayRef `json:"gateway,omitempty"`
	PromptsCount                int            `json:"prompts_count"`
	UpdatedTime                 Time           `json:"updated_time"`
	CreatedTime                 Time           `json:"created_time"`
	Guideline                   string         `json:"guideline,omitempty"`
	Tools                       []MCPTool      `json:"tools,omitempty"`
	Maintainers                 []string       `json:"maintainers,omitempty"`
	// O's detail on 1.22+: the prompts the server offers and the maintainers' own doc.
	Prompts       []MCPPrompt `json:"prompts,omitempty"`
	UserCustomDoc string      `json:"user_custom_doc,omitempty"`
	// O's list on the releases.
	DetailURL string `json:"detail_url,omitempty"`
	CreatedBy string `json:"created_by,omitempty"`
	UpdatedBy string `json:"updated_by,omitempty"`
}

// ToolDescription is what the tool named name does as the server's detail says it, in the
// language the detail was asked in; else fallback (the MCP server's own words, which the proxy
// writes in one language for every reader).
func (s MCPServer) ToolDescription(name, fallback string) string {
	for _, t := range s.Tools {
		if (t.Name == name || t.ToolName == name) && t.Description != "" {
			return t.Description
		}
	}
	return fallback
}

// MCPPrompt is a prompt an MCP server offers (O's detail; a private prompt's content is empty).
type MCPPrompt struct {
	ID          int      `json:"id"`
	Name        string   `json:"name"`
	Code        string   `json:"code"`
	Content     string   `json:"content"`
	UpdatedTime string   `json:"updated_time"`
	UpdatedBy   string   `json:"updated_by"`
	Labels      []string `json:"labels"`
	IsPublic    bool     `json:"is_public"`
	SpaceCode   string   `json:"space_code"`
	SpaceName   string   `json:"space_name"`
}

// MCPTool is one tool of a server's detail (O): a stage resource.
type MCPTool struct {
	ID                   int             `json:"id"`
	Name                 string          `json:"name"`
	ToolName             string          `json:"tool_name"`
	Description          string          `json:"description"`
	Method               string          `json:"method"`
	Path                 string          `json:"path"`
	Schema               json.RawMessage `json:"schema"`
	VerifiedUserRequired bool            `json:"verified_user_required"`
	VerifiedAppRequired  bool            `json:"verified_app_required"`
	ResourcePermRequired bool            `json:"resource_perm_required"`
	AllowApplyPermission bool            `json:"allow_apply_permission"`
	Labels               []Flex          `json:"labels"`
}

// MCPPermission is this app's permission on a server.
type MCPPermission struct {
	Status      string   `json:"status"`
	Action      string   `json:"action"`
	ExpiresIn   *int64   `json:"expires_in"`
	HandledBy   []string `json:"handled_by"`
	ApprovalURL string   `json:"approval_url"`
}

// MCPServerPermission pairs a server with this app's permission (D and I lists).
type MCPServerPermission struct {
	MCPServer  MCPServer     `json:"mcp_server"`
	Permission MCPPermission `json:"permission"`
}

// MCPRecord is an application for MCP servers.
type MCPRecord struct {
	Application
	ITSMTicketID Flex   `json:"itsm_ticket_id"`
	ApprovalURL  string `json:"approval_url"`
	// O's latest-record listing names the status plainly and inlines the server.
	Status        string     `json:"status,omitempty"`
	StatusDisplay string     `json:"status_display,omitempty"`
	MCPServer     *MCPServer `json:"mcp_server,omitempty"`
}

// MCPServerRecord pairs a server with an application record (D and I records).
type MCPServerRecord struct {
	MCPServer MCPServer `json:"mcp_server"`
	Record    MCPRecord `json:"record"`
}

// Applied is the application and its server's name (Record.Applied).
func (r MCPServerRecord) Applied() (Application, string) {
	return r.Record.Application, r.MCPServer.Name
}

// MCPApplyResult is one record made by an MCP application (I and O).
type MCPApplyResult struct {
	RecordID     int    `json:"record_id"`
	BkAppCode    string `json:"bk_app_code"`
	MCPServerID  int    `json:"mcp_server_id"`
	ITSMTicketID Flex   `json:"itsm_ticket_id"`
	ApprovalURL  string `json:"approval_url"`
}

// MCPAppGrant is a granted server as O lists it.
type MCPAppGrant struct {
	ID        int       `json:"id"`
	BkAppCode string    `json:"bk_app_code"`
	Expires   Time      `json:"expires"`
	GrantType string    `json:"grant_type"`
	MCPServer MCPServer `json:"mcp_server"`
}

// MCPRecordBrief is O's latest record per server: its status and the server.
type MCPRecordBrief struct {
	ID        int       `json:"id"`
	BkAppCode string    `json:"bk_app_code"`
	Status    string    `json:"status"`
	MCPServer MCPServer `json:"mcp_server"`
}
